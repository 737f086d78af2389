"""What every agency export shares: file specs, mapping helpers, record ids.

An agency never sees true ids. It gives each thing it records its own record
id (``<PREFIX>-<letter>-<n>``), unique across all of the agency's files, so
that a link file can point at a record of a register file by that id. Things
are written to registers lazily, on first reference, and flushed at the end
of each network.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from importlib import resources
from pathlib import Path
from random import Random
from typing import Any, ClassVar, Literal

import yaml

from crosscurrent.scenario.facts import Call, Crossing, Item, Payment, Person, Transport
from crosscurrent.scenario.names import NameBook, Spelling
from crosscurrent.scenario.places import Places
from crosscurrent.scenario.truth import REAL_THINGS, Truth
from crosscurrent.scenario.writer import TableWriter

Releasable = list[str] | Literal["all"]
Mapping = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Agency:
    code: str
    name: str
    country: str
    lang: str
    """Language of column names and country names: en, fr, de, nl, it."""
    prefix: str
    """Prefix of the agency's record ids."""
    spelling: Spelling
    serials: str = "plain"
    """Habit in writing serial numbers (see `identifiers.write_serial`)."""
    delimiter: str = ","
    date: str = "%d/%m/%Y"
    decimal_comma: bool = False


@dataclass(slots=True)
class FileSpec:
    key: str
    filename: str
    format: Literal["csv", "xlsx", "jsonl"]
    columns: tuple[str, ...] = ()
    entities: dict[str, Mapping] | None = None
    releasable_to: Releasable = "all"
    handling: str = "H0"
    real: dict[str, tuple[str, bool]] = field(default_factory=dict)
    """id_column -> (schema, is_stub) of the mapped entities that are real things."""

    def __post_init__(self) -> None:
        for body in (self.entities or {}).values():
            if body["schema"] in REAL_THINGS:
                props = body.get("properties", {})
                stub = not any("entity" not in p for p in props.values())
                self.real[body["id_column"]] = (body["schema"], stub)


class AgencyExport:
    """One agency's view of the world, written in its own conventions."""

    agency: ClassVar[Agency]

    def __init__(self, out: Path, seed: int, truth: Truth, book: NameBook, places: Places) -> None:
        self.rng = Random(f"{seed}:{self.agency.code}")
        self.truth = truth
        self.book = book
        self.places = places
        self.specs = {spec.key: spec for spec in self.files()}
        self.writers = {
            key: TableWriter(
                out / self.agency.code / spec.filename,
                spec.format,
                spec.columns,
                self.agency.delimiter,
            )
            for key, spec in self.specs.items()
        }
        self._counters: dict[str, int] = {}
        self._refs: dict[tuple[str, str], list[str]] = {}
        self._queue: list[Callable[[], None]] = []

    def files(self) -> list[FileSpec]:
        """The agency's files, from ``data/agencies/<code>.yaml``."""
        name = f"data/agencies/{self.agency.code.lower()}.yaml"
        data = yaml.safe_load(
            resources.files("crosscurrent.scenario").joinpath(name).read_text("utf-8")
        )
        return [
            FileSpec(
                key=key,
                filename=body["filename"],
                format=body["format"],
                columns=tuple(body.get("columns", ())),
                entities=body.get("entities"),
                releasable_to=body["releasable_to"],
                handling=body["handling"],
            )
            for key, body in data["files"].items()
        ]

    def dataset(self, key: str) -> str:
        return f"{self.agency.code.lower()}-{key}"

    def new_id(self, letter: str) -> str:
        n = self._counters.get(letter, 0) + 1
        self._counters[letter] = n
        return f"{self.agency.prefix}-{letter}-{n:06d}"

    def lazy(self, kind: str, true_id: str, write: Callable[[str], None], dup: float = 0.0) -> str:
        """The record id of a thing, queueing its register row(s) on first use.

        With probability `dup` the agency holds two records of the same thing
        (a second arrest under another spelling); links then point at either.
        """
        key = (kind, true_id)
        ids = self._refs.get(key)
        if ids is None:
            ids = [self.new_id(kind)]
            if self.rng.random() < dup:
                ids.append(self.new_id(kind))
            self._refs[key] = ids
            for rid in ids:
                self._queue.append(partial(write, rid))
        return ids[0] if len(ids) == 1 else self.rng.choice(ids)

    def known_id(self, kind: str, true_id: str) -> str:
        """The record id of a thing the agency writes inline, not in a register."""
        key = (kind, true_id)
        ids = self._refs.get(key)
        if ids is None:
            ids = self._refs[key] = [self.new_id(kind)]
        return ids[0]

    def pending(self) -> int:
        """Register rows queued but not yet written."""
        return len(self._queue)

    def flush(self) -> None:
        # Writing one row may reference (and queue) another thing.
        i = 0
        while i < len(self._queue):
            self._queue[i]()
            i += 1
        self._queue.clear()

    def emit(self, key: str, row: dict[str, str], truths: dict[str, str]) -> str:
        """Write a row; `truths` maps id columns to the true id they stand for."""
        spec = self.specs[key]
        unexplained = [c for c in spec.real if row.get(c) and c not in truths]
        assert not unexplained, f"{key}: no truth for {unexplained}"
        self.writers[key].row(row)
        dataset = self.dataset(key)
        for column, true_id in truths.items():
            schema, stub = spec.real[column]
            self.truth.entity(dataset, row[column], schema, true_id, stub)
        return dataset

    def emit_entity(self, key: str, data: dict[str, Any], true_id: str | None) -> str:
        self.writers[key].entity(data)
        dataset = self.dataset(key)
        if true_id is not None:
            self.truth.entity(dataset, data["id"], data["schema"], true_id, False)
        return dataset

    # The facts an agency may record; coverage only calls what it supports.

    def person_id(self, person: Person) -> str:
        raise NotImplementedError

    def call(self, call: Call) -> None:
        raise NotImplementedError

    def payment(self, payment: Payment) -> None:
        raise NotImplementedError

    def sale(self, item: Item) -> None:
        raise NotImplementedError

    def storage(self, item: Item) -> None:
        raise NotImplementedError

    def transport(self, transport: Transport) -> None:
        raise NotImplementedError

    def launch(self, item: Item) -> None:
        raise NotImplementedError

    def crossing(self, crossing: Crossing) -> None:
        raise NotImplementedError

    def family(self, person: Person, relative: Person, kin: str) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self.flush()
        for writer in self.writers.values():
            writer.close()
