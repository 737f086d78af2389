"""The manifest describes every file and its markings."""

from __future__ import annotations

from collections import Counter

from .conftest import Mapped

AGENCIES = {"UK-NCA", "UK-BSC", "IT-PS", "FR-PN", "BE-FP", "NL-POL", "DE-BPOL"}


def test_manifest_shape(scenario: Mapped) -> None:
    manifest = scenario.manifest
    assert set(manifest) == {"seed", "size", "agencies", "files"}
    assert {a["code"] for a in manifest["agencies"]} == AGENCIES
    for agency in manifest["agencies"]:
        assert set(agency) == {"code", "name", "country"}
        assert len(agency["country"]) == 2
    datasets = [f["dataset"] for f in manifest["files"]]
    assert len(datasets) == len(set(datasets))
    for entry in manifest["files"]:
        assert entry["agency"] in AGENCIES
        assert entry["path"].startswith(entry["agency"] + "/")
        assert entry["dataset"].startswith(entry["agency"].lower() + "-")
        assert (scenario.out / entry["path"]).is_file()
        assert entry["handling"] in {"H0", "H1", "H2", "H3"}
        releasable = entry["releasable_to"]
        assert releasable == "all" or set(releasable) <= AGENCIES
        if entry["format"] == "jsonl":
            assert entry["mapping"] is None
        else:
            assert (scenario.out / entry["mapping"]).is_file()
        assert isinstance(entry["records"], int)


def test_formats_and_markings_vary(scenario: Mapped) -> None:
    files = scenario.manifest["files"]
    formats = Counter(f["format"] for f in files)
    assert formats["xlsx"] == 1
    (xlsx,) = [f for f in files if f["format"] == "xlsx"]
    assert xlsx["agency"] == "BE-FP"
    assert formats["jsonl"] >= 1
    assert {f["delimiter"] for f in files if f["format"] == "csv"} == {",", ";"}
    assert {f["handling"] for f in files} == {"H0", "H1", "H2", "H3"}
    assert any(f["releasable_to"] == "all" for f in files)
    assert any(f["releasable_to"] == [f["agency"]] for f in files), "no originator-only file"
    assert any(
        isinstance(r, list) and 2 <= len(r) <= 3 for r in (f["releasable_to"] for f in files)
    )
    per_agency = Counter(f["agency"] for f in files)
    assert min(per_agency.values()) >= 4


def test_total_records_match_size(scenario: Mapped) -> None:
    total = sum(f["records"] for f in scenario.manifest["files"])
    assert abs(total - scenario.manifest["size"]) <= 0.05 * scenario.manifest["size"]
