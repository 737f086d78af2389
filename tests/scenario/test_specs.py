"""The agency file specs (``data/agencies/*.yaml``) agree with themselves."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from followthemoney import model

from crosscurrent.scenario.exports import EXPORTS, AgencyExport
from crosscurrent.scenario.names import namebook
from crosscurrent.scenario.places import places
from crosscurrent.scenario.truth import Truth

from .conftest import Mapped

TEMPLATE_REF = re.compile(r"{{([^}]*)}}")
SUMMARY = re.compile(r"^\d+ aboard; outcome: (arrived|rescued|intercepted|deaths); deaths: \d+$")


def referenced(entities: dict[str, Any]) -> set[str]:
    columns = set()
    for body in entities.values():
        columns.add(body["id_column"])
        for prop in body.get("properties", {}).values():
            if "column" in prop:
                columns.add(prop["column"])
            columns.update(TEMPLATE_REF.findall(prop.get("template", "")))
    return columns


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[AgencyExport]]:
    out = tmp_path_factory.mktemp("specs")
    truth = Truth(out, namebook())
    exports = [cls(out, 1, truth, namebook(), places()) for cls in EXPORTS]
    yield exports
    for export in exports:
        export.close()
    truth.close()


def test_mappings_read_only_columns_of_their_file(exports: list[AgencyExport]) -> None:
    for export in exports:
        for spec in export.specs.values():
            if spec.entities is None:
                assert spec.format == "jsonl"
                continue
            assert referenced(spec.entities) <= set(spec.columns), spec.filename
            # The first column is the record id of some mapped entity.
            assert spec.columns[0] in {b["id_column"] for b in spec.entities.values()}
            model.make_mapping({"entities": spec.entities, "csv_url": "file:///dev/null"})


def test_crossing_summaries_follow_the_convention(scenario: Mapped) -> None:
    summaries = [
        p.first("summary") or ""
        for (dataset, _), p in scenario.entities.items()
        if p.schema.name == "Trip" and dataset.endswith(("traversees", "crossings"))
    ]
    assert summaries
    assert all(SUMMARY.match(s) for s in summaries), summaries


def test_every_agency_has_a_spec_file() -> None:
    root = Path(__file__).parents[2] / "src" / "crosscurrent" / "scenario" / "data" / "agencies"
    assert {p.stem for p in root.glob("*.yaml")} == {c.agency.code.lower() for c in EXPORTS}
