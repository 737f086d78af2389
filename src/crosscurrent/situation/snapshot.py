"""The snapshot of official series shipped in the package (data/snapshot.yaml)."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import yaml

from crosscurrent.situation.catalogue import DATA
from crosscurrent.situation.figures import SaveReport, save
from crosscurrent.situation.sources import Parsed, read_file
from crosscurrent.store import db

CLAIMS = "claims-scenario.yaml"


@dataclass(frozen=True)
class Shipped:
    path: Path
    edition: date | None
    """For files that do not carry their edition themselves."""


def data_path(name: str) -> Path:
    # Installed packages are plain files (setuptools wheels are unpacked), so the
    # resource is a real path that can be hashed and reported.
    return Path(str(DATA.joinpath(name)))


def shipped() -> list[Shipped]:
    spec = yaml.safe_load(data_path("snapshot.yaml").read_text(encoding="utf-8"))
    found = []
    for item in spec["files"]:
        edition = item.get("edition")
        stated = date.fromisoformat(str(edition)) if edition is not None else None
        found.append(Shipped(data_path(item["path"]), stated))
    return found


def load_all(
    con: duckdb.DuckDBPyConnection, files: list[Shipped]
) -> list[tuple[Parsed, SaveReport]]:
    """Read and store each file (the caller owns the transaction)."""
    done = []
    for item in files:
        parsed = read_file(item.path, item.edition)
        done.append((parsed, save(con, parsed)))
    return done


def in_memory() -> duckdb.DuckDBPyConnection:
    """A throwaway store holding just the snapshot: what a fresh machine reads
    before anyone has loaded statistics into the real store."""
    con = db.connect(":memory:")
    load_all(con, shipped())
    return con
