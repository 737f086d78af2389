"""Hit/no-hit: telling an agency that another holds information on its entity.

An originator may allow hit answers on a dataset. An agency whose record
resolves onto one of that dataset's records learns only that the originator
holds information on the entity, and whom to contact; never content, never the
dataset, never how many records. The chain that makes a hit may pass only
through records the caller sees or hit-allowed records: a link through some
third dataset that allows no hits must not produce one.
"""

from dataclasses import dataclass

import duckdb

from crosscurrent.store import view
from crosscurrent.store.view import Caller, Key


@dataclass(frozen=True, order=True)
class Hit:
    canonical_id: str
    """The entity as the caller sees it."""
    agency: str
    """The agency that holds information on it."""
    contact: str


def hits(con: duckdb.DuckDBPyConnection, caller: Caller) -> list[Hit]:
    visible = view.clusters(con, caller)
    hidden = {
        (ds, eid): (agency, contact) for ds, eid, agency, contact in view.hit_members(con, caller)
    }
    root = view.components([*visible, *hidden], view.links(con))
    holders: dict[Key, set[tuple[str, str]]] = {}
    for key, holder in hidden.items():
        if holder[0] != caller.agency:
            holders.setdefault(root[key], set()).add(holder)
    # One answer per holding agency, whatever the number of its datasets or contact
    # points: a second line would tell the caller that it holds several records.
    found: dict[tuple[str, str], str] = {}
    for key, canon in visible.items():
        for agency, contact in holders.get(root[key], ()):
            pair = (canon, agency)
            found[pair] = min(contact, found.get(pair, contact))
    return sorted(Hit(canon, agency, contact) for (canon, agency), contact in found.items())
