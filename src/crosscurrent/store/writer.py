"""Writing statements in batches: idempotent by statement id."""

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

import duckdb
from followthemoney.statement import Statement

from crosscurrent.ingest.records import MappedEntity
from crosscurrent.settings import BATCH_SIZE
from crosscurrent.store.db import batch, fetch_one

COLUMNS = (
    "id",
    "entity_id",
    "schema",
    "prop",
    "value",
    "original_value",
    "dataset",
    "agency",
)


def statement_id(dataset: str, entity_id: str, prop: str, value: str) -> str:
    """The statement's deterministic id: a SHA-1 over its four key parts.

    FtM's ``Statement.make_key`` joins the parts with dots, so dataset ``nca`` with
    entity ``2024.p1`` and dataset ``nca.2024`` with entity ``p1`` get one id and the
    second fact is silently dropped. Prefixing the free-text parts with their
    lengths keeps them apart (a property name has no dot; the value comes last).
    """
    key = f"{len(dataset)}.{dataset}.{len(entity_id)}.{entity_id}.{prop}.{value}"
    return hashlib.sha1(key.encode("utf-8"), usedforsecurity=False).hexdigest()


@dataclass
class StatementWriter:
    """Buffers statements of one dataset and upserts them inside the caller's transaction."""

    con: duckdb.DuckDBPyConnection
    dataset: str
    agency: str
    seen_at: datetime
    batch_size: int = BATCH_SIZE
    written: int = 0
    _buffer: dict[str, list[str | None]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._buffer = {c: [] for c in COLUMNS}

    def add_entity(self, entity: MappedEntity) -> None:
        # FtM's "id" statement records that the entity exists even when a row
        # names it only as the end of a link.
        self._add(entity, Statement.BASE, entity.id, None)
        for fact in entity.facts:
            self._add(entity, fact.prop, fact.value, fact.original)
        if len(self._buffer["id"]) >= self.batch_size:
            self.flush()

    def _add(self, entity: MappedEntity, prop: str, value: str, original: str | None) -> None:
        key = statement_id(self.dataset, entity.id, prop, value)
        buf = self._buffer
        buf["id"].append(key)
        buf["entity_id"].append(entity.id)
        buf["schema"].append(entity.schema)
        buf["prop"].append(prop)
        buf["value"].append(value)
        buf["original_value"].append(original if original and original != value else None)
        buf["dataset"].append(self.dataset)
        buf["agency"].append(self.agency)

    def flush(self) -> None:
        if not self._buffer["id"]:
            return
        rows = zip(*(self._buffer[c] for c in COLUMNS), strict=True)
        self._buffer = {c: [] for c in COLUMNS}
        with batch(self.con, dict.fromkeys(COLUMNS, "VARCHAR"), rows) as table:
            before = self._count()
            # A batch may repeat a statement (two rows naming one entity); keep one,
            # and refresh last_seen on statements stored by earlier loads.
            self.con.execute(
                f"""
                INSERT INTO statement
                SELECT id, entity_id, schema, prop, value, original_value, NULL AS lang,
                       dataset, agency, NULL AS releasable_to, NULL AS handling,
                       $seen AS first_seen, $seen AS last_seen
                FROM {table}
                QUALIFY row_number() OVER (PARTITION BY id ORDER BY original_value NULLS LAST) = 1
                ON CONFLICT (id) DO UPDATE SET last_seen = greatest(last_seen, excluded.last_seen)
                """,
                {"seen": self.seen_at},
            ).fetchall()
            self.written += self._count() - before

    def _count(self) -> int:
        row = fetch_one(
            self.con, "SELECT count(*) FROM statement WHERE dataset = ?", [self.dataset]
        )
        return int(row[0]) if row else 0
