"""Fixtures for the scenario generator.

One scenario of two networks (size 2400, the smallest with more than one
network at full structure) is generated per session and every file of it is
mapped once with the shipped FtM mappings; tests read from that cache. Tests that must generate
their own output (determinism, size) use sizes of a few hundred records.
"""

from __future__ import annotations

import csv
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from followthemoney import model
from followthemoney.proxy import EntityProxy
from openpyxl import load_workbook

from crosscurrent.scenario import generate

SIZE = 2400
SEED = 11


def read_rows(out: Path, entry: dict[str, Any]) -> Iterator[dict[str, str]]:
    """Rows of a CSV or XLSX export as string records, as an ingest would read them."""
    path = out / entry["path"]
    if entry["format"] == "csv":
        with path.open(encoding=entry["encoding"], newline="") as fh:
            yield from csv.DictReader(fh, delimiter=entry["delimiter"])
    else:
        book = load_workbook(path, read_only=True)
        try:
            rows = book.active.iter_rows(values_only=True)
            header = [str(c) for c in next(rows)]
            for values in rows:
                yield {h: "" if v is None else str(v) for h, v in zip(header, values, strict=True)}
        finally:
            book.close()


@dataclass
class Mapped:
    """Every entity of a generated scenario, keyed by (dataset, entity id)."""

    out: Path
    manifest: dict[str, Any]
    entities: dict[tuple[str, str], EntityProxy] = field(default_factory=dict)
    id_mismatches: list[str] = field(default_factory=list)
    row_counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def add(self, dataset: str, proxy: EntityProxy) -> None:
        existing = self.entities.get((dataset, proxy.id or ""))
        if existing is None:
            self.entities[(dataset, proxy.id or "")] = proxy
        else:
            existing.merge(proxy)


class _Collect(logging.Handler):
    def __init__(self, sink: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        self.sink.append(record.getMessage())


def map_scenario(out: Path) -> Mapped:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    mapped = Mapped(out, manifest)
    handler = _Collect(mapped.warnings)
    logger = logging.getLogger("followthemoney")
    logger.addHandler(handler)
    try:
        for entry in manifest["files"]:
            _map_file(mapped, entry)
    finally:
        logger.removeHandler(handler)
    return mapped


def _map_file(mapped: Mapped, entry: dict[str, Any]) -> None:
    out, dataset, n = mapped.out, entry["dataset"], 0
    if entry["format"] == "jsonl":
        with (out / entry["path"]).open(encoding="utf-8") as fh:
            for line in fh:
                mapped.add(dataset, model.get_proxy(json.loads(line), cleaned=False))
                n += 1
        mapped.row_counts[dataset] = n
        return
    body = yaml.safe_load((out / entry["mapping"]).read_text(encoding="utf-8"))
    (query,) = body["queries"]
    mapping = model.make_mapping({**query, "csv_url": f"file://{out / entry['path']}"})
    for row in read_rows(out, entry):
        n += 1
        # Empty cells are absent, as FtM's own CSV source leaves them.
        record = {k: v for k, v in row.items() if v}
        for name, proxy in mapping.map(record).items():
            (spec,) = [e for e in mapping.entities if e.name == name]
            if proxy.id != row[spec.id_column or ""]:
                mapped.id_mismatches.append(f"{dataset}:{name}:{proxy.id}")
            mapped.add(dataset, proxy)
    mapped.row_counts[dataset] = n


@pytest.fixture(scope="session")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Mapped:
    out = tmp_path_factory.mktemp("scenario")
    generate(out, seed=SEED, size=SIZE)
    return map_scenario(out)


@pytest.fixture(scope="session")
def network(scenario: Mapped) -> dict[str, Any]:
    text = (scenario.out / "truth" / "network.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@pytest.fixture(scope="session")
def truth(scenario: Mapped) -> list[dict[str, Any]]:
    with (scenario.out / "truth" / "entities.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]
