"""FtM entity JSON lines: one entity (``id``, ``schema``, ``properties``) per line."""

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from followthemoney import model

from crosscurrent.errors import UnreadableFile
from crosscurrent.ingest.clean import DROPPED, clean_value, shown
from crosscurrent.ingest.records import Fact, MappedEntity, Problem, RowResult


def read_jsonl(path: Path, progress: Callable[[int], None] | None = None) -> Iterator[RowResult]:
    """Yield one result per line; a cut-off last line means the file is truncated."""
    empty = True
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, start=1):
            if progress is not None:
                progress(len(raw))
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                raise UnreadableFile(
                    str(path), f"line {number}: not UTF-8 text ({exc.reason})"
                ) from None
            if not line.strip():
                continue
            empty = False
            try:
                # strict=False: a raw tab or control character inside a string is
                # a bad value (cleaned with a warning), not a reason to lose the row.
                data = json.loads(line, strict=False)
            except json.JSONDecodeError as exc:
                if not raw.endswith(b"\n"):  # only the last line lacks one
                    raise UnreadableFile(
                        str(path), f"line {number}: truncated JSON ({exc.msg})"
                    ) from None
                yield RowResult(number, problems=[Problem(number, None, f"not JSON: {exc.msg}")])
                continue
            if b"\\ud" in raw.lower() and not _encodable(data):
                reason = "an escaped unpaired surrogate (\\udXXX) is not text"
                yield RowResult(number, problems=[Problem(number, None, reason)])
                continue
            yield entity_from_dict(data, number)
    if empty:
        # Most likely a failed export: loading it would record a load of nothing.
        raise UnreadableFile(str(path), "empty file: no entities")


def _encodable(data: Any) -> bool:
    """JSON may escape half a surrogate pair, which no store or hash can take as text."""
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def entity_from_dict(data: Any, row: int) -> RowResult:
    """Check and clean one FtM entity dict, keeping every value as written."""
    result = RowResult(row)
    if not isinstance(data, dict):
        result.problems.append(Problem(row, None, "not an entity object"))
        return result
    schema = model.get(str(data.get("schema") or ""))
    entity_id = str(data.get("id") or "").strip()
    if schema is None:
        result.problems.append(Problem(row, "schema", f"unknown schema {data.get('schema')!r}"))
    if not entity_id:
        result.problems.append(Problem(row, "id", "missing entity id"))
    properties = data.get("properties") or {}
    if not isinstance(properties, dict):
        result.problems.append(Problem(row, "properties", "properties is not an object"))
    if result.quarantined or schema is None:
        return result
    entity = MappedEntity(entity_id, schema.name)
    for name, values in properties.items():
        prop = schema.get(name)
        if prop is None:
            # Another FtM version's property, or a typo: the rest of the entity stands.
            reason = f"no property {name!r} on {schema.name}; {DROPPED}"
            result.problems.append(Problem(row, name, reason, warning=True))
            continue
        for raw in values if isinstance(values, list) else [values]:
            if raw is None:  # JSON null is no value, not the text "None"
                continue
            if isinstance(raw, dict | list):
                reason = f"not a single value: {shown(json.dumps(raw, ensure_ascii=False))}"
                result.problems.append(Problem(row, name, f"{reason}; {DROPPED}", warning=True))
                continue
            text = str(raw)  # an empty text is no value, as an empty cell is
            value, warning = clean_value(prop, text)
            if warning is not None:
                result.problems.append(Problem(row, name, warning, warning=True))
            if value is not None:
                entity.facts.append(Fact(name, value, text.strip()))
    result.entities.append(entity)
    return result
