"""Applying a FollowTheMoney mapping (YAML) to tabular records, keeping raw values.

FtM's own ``QueryMapping.map`` discards values it cannot clean and forgets the
value as written; an investigator needs both, so the parsed FtM mapping is reused
and only the value application is done here.
"""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from followthemoney import model
from followthemoney.exc import InvalidMapping
from followthemoney.mapping.entity import EntityMapping
from followthemoney.mapping.query import QueryMapping

from crosscurrent.errors import UnreadableFile
from crosscurrent.ingest.clean import DROPPED, clean_value
from crosscurrent.ingest.records import Fact, MappedEntity, Problem, RowResult


def load_mapping(path: Path, source: Path) -> list[QueryMapping]:
    """Parse a mapping file: FtM's ``queries:`` list, or a single query's ``entities:``."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        reason = " ".join(str(exc).split())  # YAML errors span lines; the user gets one
        raise UnreadableFile(str(path), f"cannot read mapping: {reason}") from None
    if not isinstance(data, dict):
        raise UnreadableFile(str(path), "a mapping is a YAML object with 'queries' or 'entities'")
    queries = data.get("queries", [data] if "entities" in data else None)
    if not isinstance(queries, list) or not queries:
        raise UnreadableFile(str(path), "the mapping has no 'queries' or 'entities'")
    parsed = []
    for query in queries:
        if not isinstance(query, dict):
            raise UnreadableFile(str(path), f"invalid mapping: a query is an object, not {query!r}")
        # The file to read comes from the command line, not from the mapping.
        spec = {k: v for k, v in query.items() if k not in ("csv_url", "csv_urls")}
        spec["csv_url"] = source.resolve().as_uri()
        try:
            parsed.append(model.make_mapping(spec))
        # FtM checks names and links but assumes the YAML has the right shape: a list
        # where it expects an object fails with AttributeError or TypeError.
        except (InvalidMapping, AttributeError, TypeError, ValueError) as exc:
            raise UnreadableFile(str(path), f"invalid mapping: {exc}") from None
    return parsed


def _columns(queries: list[QueryMapping]) -> set[str]:
    return {ref for query in queries for ref in query.refs}


def check_columns(queries: list[QueryMapping], header: list[str], path: Path) -> None:
    """A mapping that names a column the file lacks would silently load nothing."""
    missing = sorted(_columns(queries) - set(header))
    if missing:
        raise UnreadableFile(str(path), f"columns named in the mapping are missing: {missing}")


def _map_entity(
    emap: EntityMapping, record: dict[str, Any], ids: dict[str, str], result: RowResult
) -> MappedEntity | None:
    entity_id = (emap.compute_key(record) or "").strip()
    if not entity_id:
        # A row that describes this entity but gives it no id would be lost silently.
        if any((record.get(ref) or "").strip() for p in emap.properties for ref in p.refs):
            id_field = emap.id_column or ",".join(emap.keys)
            result.problems.append(Problem(result.row, id_field, "missing record id"))
        return None
    entity = MappedEntity(entity_id, emap.schema.name)
    for pmap in emap.properties:
        if pmap.entity is not None:
            ref = ids.get(pmap.entity)
            if ref is not None:
                entity.facts.append(Fact(pmap.prop.name, ref))
            continue
        raws = pmap.record_values(record)
        if pmap.join is not None:
            raws = [pmap.join.join(r for r in raws if r)]
        if pmap.split is not None:
            raws = [part for raw in raws for part in raw.split(pmap.split)]
        column = ",".join(pmap.refs) or None
        warnings: list[tuple[str, bool]] = []  # (reason, whether the value was dropped)
        for raw in raws:
            value, warning = clean_value(pmap.prop, raw, pmap.format)
            if warning is not None:
                warnings.append((warning, value is None))
            if value is not None:
                entity.facts.append(Fact(pmap.prop.name, value, raw.strip()))
        if pmap.required and not any(f.prop == pmap.prop.name for f in entity.facts):
            # FtM's meaning of `required`: without this value the row maps no such entity.
            # When the value was there but malformed, that entity is lost: quarantine the row.
            for warning in (w for w, dropped in warnings if dropped):
                why = warning.removesuffix(f"; {DROPPED}")
                reason = f"{why}; {emap.schema.name} {entity_id!r} needs {pmap.prop.name}"
                result.problems.append(Problem(result.row, column, reason))
            return None
        # Otherwise a malformed value is dropped, and the rest of the row loads.
        for warning, _dropped in warnings:
            result.problems.append(Problem(result.row, column, warning, warning=True))
    return entity


def map_record(queries: list[QueryMapping], record: Mapping[str, Any], row: int) -> RowResult:
    """Map one record through every query; entities without an id are skipped, as in FtM."""
    result = RowResult(row)
    text = {k: (None if v is None else str(v)) for k, v in record.items() if k is not None}
    for query in queries:
        ids: dict[str, str] = {}
        for emap in query.entities:
            entity = _map_entity(emap, text, ids, result)
            if entity is not None:
                ids[emap.name] = entity.id
                result.entities.append(entity)
    return result
