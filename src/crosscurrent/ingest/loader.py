"""Loading one file into the store: one transaction, quarantine for bad rows and values."""

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from crosscurrent.errors import UnreadableFile
from crosscurrent.ingest.jsonl import read_jsonl
from crosscurrent.ingest.mapping import check_columns, load_mapping, map_record
from crosscurrent.ingest.records import Problem, RowResult
from crosscurrent.ingest.schemas import SchemaGuard
from crosscurrent.ingest.tabular import read_csv, read_xlsx
from crosscurrent.model.markings import Marking
from crosscurrent.store.db import fetch_one
from crosscurrent.store.registry import require_agency, set_dataset
from crosscurrent.store.writer import StatementWriter

Progress = Callable[[int], None]


@dataclass
class LoadReport:
    """What one load did; ``unchanged`` when the same file had been loaded before.

    ``problems`` holds both the quarantined rows and the warnings about single
    values of rows that loaded (``Problem.warning``); all go to the quarantine table.
    """

    path: str
    dataset: str
    rows: int = 0
    entities: int = 0
    statements_new: int = 0
    problems: list[Problem] = field(default_factory=list)
    unchanged: bool = False

    @property
    def quarantined_rows(self) -> int:
        """Rows not loaded at all."""
        return len({p.row for p in self.problems if not p.warning})

    @property
    def warnings(self) -> int:
        """Values dropped or changed in rows that loaded."""
        return sum(1 for p in self.problems if p.warning)


def file_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if suffix in (".csv", ".tsv", ".txt"):
        return "csv"
    raise UnreadableFile(str(path), f"unknown file type {suffix!r} (use .csv, .xlsx or .jsonl)")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_rows(path: Path, mapping: Path | None, progress: Progress | None) -> Iterator[RowResult]:
    """The rows of any supported file as mapped entities; raises before the first row
    when the file as a whole cannot be read."""
    kind = file_format(path)
    if kind == "jsonl":
        if mapping is not None:
            raise UnreadableFile(str(path), "FtM JSON lines need no mapping")
        return read_jsonl(path, progress)
    if mapping is None:
        raise UnreadableFile(str(path), "a CSV or Excel file needs --mapping (FtM mapping YAML)")
    queries = load_mapping(mapping, path)
    table = read_csv(path, progress) if kind == "csv" else read_xlsx(path, progress)
    check_columns(queries, table.header, path)

    def rows() -> Iterator[RowResult]:
        for number, record, problem in table.rows:
            if problem is not None:
                yield RowResult(number, problems=[Problem(number, None, problem)])
                continue
            yield map_record(queries, record, number)

    return rows()


def ingest_file(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    dataset: str,
    marking: Marking,
    mapping: Path | None = None,
    progress: Progress | None = None,
    before_commit: Callable[[LoadReport], None] | None = None,
) -> LoadReport:
    """Load a file in one transaction: all its good rows and its quarantine, or nothing."""
    report = LoadReport(str(path), dataset)
    if not path.is_file():
        raise UnreadableFile(str(path), "no such file")
    require_agency(con, marking.originator)
    digest = sha256_of(path)
    con.begin()
    try:
        set_dataset(con, dataset, marking)
        done = fetch_one(
            con, "SELECT 1 FROM load WHERE dataset = ? AND sha256 = ?", [dataset, digest]
        )
        if done is not None:
            report.unchanged = True
            con.commit()
            return report
        now = datetime.now(UTC).replace(tzinfo=None)
        writer = StatementWriter(con, dataset, marking.originator, now)
        entity_ids: set[str] = set()
        schemas = SchemaGuard(con, dataset)
        for result in read_rows(path, mapping, progress):
            report.rows += 1
            if not result.quarantined:
                schemas.check(result)
            # Warnings (a value dropped or changed) are recorded beside the
            # quarantine, and the row loads; any other problem quarantines it.
            report.problems.extend(result.problems)
            if result.quarantined:
                continue
            for entity in result.entities:
                entity_ids.add(entity.id)
                writer.add_entity(entity)
        writer.flush()
        report.entities = len(entity_ids)
        report.statements_new = writer.written
        _record_load(con, report, digest, now)
        if before_commit is not None:  # the audit entry commits with the load, or neither
            before_commit(report)
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return report


def _record_load(
    con: duckdb.DuckDBPyConnection, report: LoadReport, digest: str, now: datetime
) -> None:
    row = fetch_one(con, "SELECT coalesce(max(id), 0) + 1 FROM load")
    load_id = int(row[0]) if row else 1
    con.execute(
        "INSERT INTO load VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            load_id,
            report.dataset,
            report.path,
            digest,
            report.rows,
            report.entities,
            report.statements_new,
            report.quarantined_rows,
            now,
        ],
    )
    if report.problems:
        con.executemany(
            "INSERT INTO quarantine VALUES (?, ?, ?, ?, ?, ?)",
            [[load_id, report.path, p.row, p.field, p.reason, now] for p in report.problems],
        )
