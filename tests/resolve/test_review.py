"""The review queue lists mixed-evidence pairs the caller can see, and forgets judged ones."""

from pathlib import Path

import duckdb

from crosscurrent.resolve.resolver import resolve
from crosscurrent.resolve.review import review
from crosscurrent.store import judgements
from crosscurrent.store.judgements import Verdict
from crosscurrent.store.view import Caller
from factory import e, load, write_jsonl


def test_near_misses_first_judged_and_hidden_pairs_never(
    con: duckdb.DuckDBPyConnection, src: Path
) -> None:
    born = {"birthDate": "1985-09-25"}
    load(con, write_jsonl(src / "a.jsonl", [e("Person", "a1", name="Kaveh Djalal", **born)]),
         "a", "UK-NCA", "all")  # fmt: skip
    load(con, write_jsonl(src / "b.jsonl", [e("Person", "b1", name="Kawa Jalal", **born),
                                            e("Person", "b2", name="Omar Faruk", **born)]),
         "b", "FR-PN", "all")  # fmt: skip
    load(con, write_jsonl(src / "c.jsonl", [e("Person", "c1", name="Kaveh Jalal", **born)]),
         "c", "IT-PS")  # fmt: skip
    resolve(con)
    queue = review(con, Caller("UK-NCA"))
    pairs = [(c.left, c.right) for c in queue]
    # One name part and a birth date in common: just short of a link, so first.
    assert pairs[0] == (("a", "a1"), ("b", "b1"))
    assert (queue[0].left_name, queue[0].right_name) == ("Kaveh Djalal", "Kawa Jalal")
    assert all(("c", "c1") not in pair for pair in pairs)  # IT-PS released nothing
    assert (("a", "a1"), ("b", "b2")) in pairs  # only the birth date: further down
    assert queue[0].uncertainty <= queue[-1].uncertainty
    judgements.judge(con, ("a", "a1"), ("b", "b1"), Verdict.UNSURE, "ana", "UK-NCA")
    assert (("a", "a1"), ("b", "b1")) not in [
        (c.left, c.right) for c in review(con, Caller("UK-NCA"))
    ]
