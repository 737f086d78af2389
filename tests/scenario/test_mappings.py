"""Every mapping maps every row of its file, with ids exactly as in the file."""

from __future__ import annotations

from followthemoney.types import registry

from .conftest import Mapped, read_rows


def test_every_row_maps_with_source_ids(scenario: Mapped) -> None:
    assert scenario.id_mismatches == []
    for entry in scenario.manifest["files"]:
        assert scenario.row_counts[entry["dataset"]] == entry["records"], entry["path"]


def test_no_value_is_discarded(scenario: Mapped) -> None:
    # FtM logs every value its cleaning rejects: dates that do not parse with
    # the mapping's format, phones invalid for the hint, bad IBANs.
    assert scenario.warnings == []


def test_every_row_yields_its_record_entity(scenario: Mapped) -> None:
    # By construction the first column of every export is its record id.
    for entry in scenario.manifest["files"]:
        if entry["format"] == "jsonl":
            continue
        for row in read_rows(scenario.out, entry):
            record_id = next(iter(row.values()))
            assert (entry["dataset"], record_id) in scenario.entities, entry["path"]


def test_dates_are_parsed_not_passed_through(scenario: Mapped) -> None:
    dates = 0
    for proxy in scenario.entities.values():
        for prop, value in proxy.itervalues():
            if prop.type == registry.date:
                assert registry.date.validate(value), (proxy.id, prop.name, value)
                assert value[:4].isdigit() and value[4] == "-", value
                dates += 1
    assert dates > 100


def test_record_ids_are_unique_per_file(scenario: Mapped) -> None:
    for entry in scenario.manifest["files"]:
        if entry["format"] == "jsonl":
            continue
        rows = list(read_rows(scenario.out, entry))
        if not rows:
            continue
        first = next(iter(rows[0]))
        ids = [row[first] for row in rows]
        # Link tables that repeat a trip per passenger are the exception.
        if entry["dataset"] != "uk-bsc-aboard":
            assert len(ids) == len(set(ids)), entry["path"]


def test_contract_vocabulary(scenario: Mapped) -> None:
    """Literals the graph analyses read are the ones docs/conventions.md fixes."""
    seen: dict[str, set[str]] = {"role": set(), "type": set(), "remarks": set()}
    for proxy in scenario.entities.values():
        for prop in seen:
            if prop in proxy.schema.properties:
                seen[prop].update(proxy.get(prop))
    assert {"account holder", "bought from", "supplied", "stored at", "keeper"} <= seen["role"]
    assert {"launched from", "seized at", "transported by"} <= seen["role"]
    assert seen["type"] == {"inflatable boat", "outboard engine", "van"}
    assert seen["remarks"] == {"storage site", "launch site"}
