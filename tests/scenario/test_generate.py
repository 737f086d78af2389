"""Determinism and scaling of `generate`."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from crosscurrent.scenario import generate


def digest(out: Path) -> dict[str, str]:
    return {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    generate(tmp_path / "a", seed=3, size=400)
    generate(tmp_path / "b", seed=3, size=400)
    first, second = digest(tmp_path / "a"), digest(tmp_path / "b")
    assert any(name.endswith(".xlsx") for name in first)
    assert first == second


def test_other_seed_other_world(tmp_path: Path) -> None:
    generate(tmp_path / "a", seed=3, size=400)
    generate(tmp_path / "b", seed=4, size=400)
    first, second = digest(tmp_path / "a"), digest(tmp_path / "b")
    assert first.keys() == second.keys()
    assert first["manifest.json"] != second["manifest.json"]
    assert first["IT-PS/persone.csv"] != second["IT-PS/persone.csv"]


@pytest.mark.parametrize("size", [300, 1200, 4000])
def test_size_is_respected(tmp_path: Path, size: int) -> None:
    manifest = generate(tmp_path, seed=5, size=size)
    total = sum(f["records"] for f in manifest["files"])
    assert abs(total - size) <= 0.05 * size


def test_more_records_means_more_networks(tmp_path: Path) -> None:
    small = generate(tmp_path / "s", seed=5, size=1500)
    large = generate(tmp_path / "l", seed=5, size=4500)
    people = {
        m["size"]: sum(f["records"] for f in m["files"] if f["dataset"].endswith("persone"))
        for m in (small, large)
    }
    assert people[4500] > 2 * people[1500]
