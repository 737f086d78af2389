"""Small stores for the resolver's tests: person records written as a file and
loaded, and the clusters stored against a full decision with a given model."""

import json
from pathlib import Path

import duckdb

from crosscurrent.ingest.loader import ingest_file
from crosscurrent.model.markings import Marking
from crosscurrent.resolve import incremental as inc
from crosscurrent.resolve import score
from crosscurrent.store import view

Key = tuple[str, str]


def person(pid: str, name: str, **props: str) -> dict:
    return {"id": pid, "schema": "Person", "properties": {"name": [name]} | {
        k: [v] for k, v in props.items()}}  # fmt: skip


def load(con: duckdb.DuckDBPyConnection, src: Path, dataset: str, entities: list[dict]) -> None:
    """Load ``entities`` into ``dataset`` as UK-NCA's, releasable to all, through a file
    written under ``src``."""
    path = src / f"{dataset}-{len(list(src.iterdir()))}.jsonl"
    path.write_text("\n".join(json.dumps(e) for e in entities) + "\n")
    ingest_file(con, path, dataset, Marking("UK-NCA", ("all",)))


def stored(con: duckdb.DuckDBPyConnection) -> dict[Key, str]:
    return {(d, e): c for e, d, c in view.cluster_rows(con)}


def replayed(con: duckdb.DuckDBPyConnection, model: score.Model | None) -> dict[Key, str]:
    """A full decision of today's store with the kept model, not a new one."""
    found = view.profiles(con, view.Caller.system())
    merges, splits = view.judged_pairs(con)
    return inc.replay(found, merges, splits, view.regions(con), model).canonical
