"""One audit entry: who did what to which records, when and why, hashed into the chain.

An entry names records by id only (dataset names, entity ids, canonical ids),
never by their values, so erasing a dataset never requires editing the log.
"""

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from crosscurrent.share.errors import InvalidAuditEntry, JustificationRequired


class Action(StrEnum):
    """What was done with personal data (the kinds of processing a log must show)."""

    COLLECTION = "collection"
    ALTERATION = "alteration"
    CONSULTATION = "consultation"
    DISCLOSURE = "disclosure"
    COMBINATION = "combination"
    ERASURE = "erasure"
    ADMINISTRATION = "administration"
    """Agency and user changes."""


ID = re.compile(r"[\w.:/@-]{1,200}")
"""What an object id, detail key or case reference looks like.

No whitespace and no punctuation beyond ``. : / @ - _``: enough for dataset
names, entity and canonical ids, user names and case references, not for a
full name, an address or a sentence. A single-token value (a surname, a phone
number in digits) still passes: callers must pass ids, this only stops the
common slips.
"""

GENESIS = "0" * 64
"""The previous hash of the first entry."""

COLUMNS = "seq, logged_at, actor, agency, action, objects, justification, detail, prev_hash, hash"
"""The entry's columns in the order ``entry_hash`` takes them (and ``hash`` last)."""

DetailValue = str | int | bool | None | list[str]


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    """Position in the log, from 1, without gaps."""
    at: datetime
    """When, in UTC."""
    actor: str
    """A user name, or ``operator`` for commands run on the server."""
    agency: str | None
    action: Action
    objects: tuple[str, ...]
    """Ids of the records acted on."""
    justification: str | None
    """The case reference; always present for a consultation."""
    detail: dict[str, DetailValue]
    prev_hash: str
    hash: str


def entry_hash(
    seq: int,
    at: datetime,
    actor: str,
    agency: str | None,
    action: str,
    objects: Sequence[str],
    justification: str | None,
    detail: str | None,
    prev_hash: str,
) -> str:
    """SHA-256 (hex) of the entry's canonical JSON followed by the previous hash.

    The field list is explicit, so a column added later changes no old hash;
    ``seq`` is in it so that moving an entry changes its hash. ``detail`` is the
    stored JSON text, hashed as text so that it needs no parsing to check.
    """
    body = {
        "seq": seq,
        "at": iso(at),
        "actor": actor,
        "agency": agency,
        "action": action,
        "objects": list(objects),
        "justification": justification,
        "detail": detail,
    }
    return hashlib.sha256(canonical_json(body) + prev_hash.encode()).hexdigest()


def canonical_json(body: Mapping[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def iso(at: datetime) -> str:
    """UTC, to the microsecond (what DuckDB's TIMESTAMP keeps), with a ``Z``."""
    if at.tzinfo is not None:
        at = at.astimezone(UTC).replace(tzinfo=None)
    return at.isoformat(timespec="microseconds") + "Z"


def check_entry(
    actor: str,
    agency: str | None,
    action: Action | str,
    objects: Sequence[str],
    justification: str | None,
    detail: Mapping[str, DetailValue] | None,
) -> tuple[Action, tuple[str, ...], str | None, str | None]:
    """Refuse what the log must not hold; the action, objects, justification and detail JSON."""
    _check_word("actor", actor)
    if agency is not None:
        _check_word("agency", agency)
    try:
        action = Action(action)
    except ValueError:
        raise InvalidAuditEntry(f"unknown action (actions: {', '.join(Action)})") from None
    if isinstance(objects, str):  # a bare string is a sequence of characters
        raise InvalidAuditEntry("objects must be a list of ids")
    for i, obj in enumerate(objects):
        _check_id(f"objects[{i}]", obj)
    justification = justification.strip() if justification else None
    if justification:
        _check_id("justification", justification)
    elif action is Action.CONSULTATION:
        raise JustificationRequired()
    return action, tuple(objects), justification or None, _detail_json(detail)


def _detail_json(detail: Mapping[str, DetailValue] | None) -> str | None:
    """Counts, flags and ids only: floats are refused too, their text is not canonical."""
    if not detail:
        return None
    for key, value in detail.items():
        _check_id("a detail key", key)
        if isinstance(value, str):
            _check_id(f"detail[{key}]", value)
        elif isinstance(value, list):
            for item in value:
                _check_id(f"detail[{key}]", item)
        elif value is not None and not isinstance(value, int):  # bool is an int
            raise InvalidAuditEntry(f"detail[{key}] must be an id, a list of ids or an integer")
    return canonical_json(detail).decode()


def _check_id(field: str, value: object) -> None:
    # The value itself stays out of the message: it may be the personal data refused.
    if not isinstance(value, str) or not ID.fullmatch(value):
        raise InvalidAuditEntry(
            f"{field} must be an id: 1-200 letters, digits or . : / @ - _, no spaces"
        )


def _check_word(field: str, value: object) -> None:
    # User names are one word of any printable characters (share.users), so
    # the actor and agency are held to that rather than to the id pattern.
    if (
        not isinstance(value, str)
        or not 0 < len(value) <= 200
        or not value.isprintable()
        or any(c.isspace() for c in value)
    ):
        raise InvalidAuditEntry(f"{field} must be one word of at most 200 characters")
