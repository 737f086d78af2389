"""Kept pairs: an incremental run takes the weights of pairs whose records did not change.

A run keeps every scored pair of people with its weight under the kept model
(``incremental.KeptPairs``, in ``resolution_run``); the next incremental run scores
only the pairs with a new or changed record, or that blocking did not propose last
time, and takes the rest as kept. These tests use stores with enough people for the
model (``scored.MIN_RECORDS``), and hold every incremental result to a full decision
with the kept model (``incremental.replay``), on the two cases a stale weight or a
stale pair would get wrong: a record that changed, and a block that grew past its size
limit between two records that did not.
"""

import random
import shutil
from collections.abc import Callable
from pathlib import Path
from tempfile import TemporaryDirectory

import duckdb
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crosscurrent.resolve import incremental as inc
from crosscurrent.resolve import score, scored
from crosscurrent.resolve.resolver import resolve
from crosscurrent.store import db, erasure, judgements, options, registry, view
from crosscurrent.store.judgements import Verdict

from .stores import load, person, replayed, stored

Key = tuple[str, str]

GIVEN = ("Karwan", "Dilan", "Shilan", "Hemin", "Soran", "Aram", "Baran", "Zana", "Rawa",
         "Hogr", "Nawzad", "Sirwan", "Dana", "Kawa", "Bryar", "Shvan", "Rebin", "Azad",
         "Lana", "Nask", "Avan", "Hana", "Sozan", "Taban", "Zhino", "Roj", "Delal")  # fmt: skip
FAMILY = ("Hasan", "Aziz", "Omer", "Kareem", "Rashid", "Mahmud", "Salih", "Qadir", "Amin",
          "Faraj", "Hamid", "Latif", "Majid", "Nuri", "Rauf", "Sabir", "Tahir", "Wahid",
          "Yasin", "Jalal", "Ghafur", "Bakr", "Darwesh", "Ismail", "Khidir", "Mustafa")  # fmt: skip


def crowd(seed: int = 5, people: int = 240, again: int = 60) -> tuple[list[dict], list[dict]]:
    """Synthetic people for two datasets, enough for the model to learn from: the
    second repeats ``again`` of the first's (the same name, birth date and nationality)
    for EM to find matches, with a few spelling changes."""
    rng = random.Random(seed)
    first = []
    for i in range(people):
        name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
        date = f"19{rng.randint(60, 99)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        first.append(person(f"p{i}", name, birthDate=date, nationality=rng.choice(("iq", "ir"))))
    second = []
    for i, p in enumerate(rng.sample(first, again)):
        name = p["properties"]["name"][0]
        name = name.replace("e", "ê", 1) if i % 3 == 0 else name.upper() if i % 3 == 1 else name
        props = {k: v[0] for k, v in p["properties"].items() if k != "name"}
        second.append(person(f"q{i}", name, **props))
    return first, second


def kept_model(con: duckdb.DuckDBPyConnection) -> score.Model:
    kept = inc.kept(con)
    assert kept is not None and kept.model is not None
    return kept.model


@pytest.fixture
def people(con: duckdb.DuckDBPyConnection, src: Path) -> duckdb.DuckDBPyConnection:
    first, second = crowd()
    load(con, src, "uk-a", first)
    load(con, src, "uk-b", second)
    return con


def assert_kept_pairs_are_todays(con: duckdb.DuckDBPyConnection) -> int:
    """The kept pairs are today's candidate pairs of people, each with its weight under
    the kept model to the bit; how many there are."""
    kept = inc.kept(con)
    assert kept is not None and kept.model is not None and kept.pairs is not None
    records = scored.records(view.profiles(con, view.Caller.system()), view.regions(con))
    assert len(records) >= scored.MIN_RECORDS
    pairs = score.candidate_pair_array(records)
    weight = score.score_arrays(kept.model, records, pairs).weight
    by_hash = dict(zip(inc.key_hashes([r.key for r in records]).tolist(), records, strict=True))
    key_of = [by_hash[h].key for h in kept.pairs.hashes.tolist()]
    got = {
        (key_of[i], key_of[j]): w
        for i, j, w in zip(
            kept.pairs.left.tolist(), kept.pairs.right.tolist(), kept.pairs.weight.tolist(),
            strict=True,
        )
    }  # fmt: skip
    want = {
        (records[i].key, records[j].key): w
        for (i, j), w in zip(pairs.tolist(), weight.tolist(), strict=True)
    }
    assert got == want
    return len(got)


def test_a_full_run_keeps_every_scored_pair_with_its_weight(
    people: duckdb.DuckDBPyConnection,
) -> None:
    resolve(people)
    assert assert_kept_pairs_are_todays(people) > 1000


def test_a_changed_record_is_scored_again(people: duckdb.DuckDBPyConnection, src: Path) -> None:
    """Two records of one rare name, one without a birth date, stay apart (the model
    puts them below even odds); a later load gives it the other's birth date. The
    kept weight would keep them apart; scored again, they join, as a full decision
    with the kept model has them."""
    x1, x2 = ("uk-a", "x1"), ("uk-b", "x2")
    load(people, src, "uk-a", [person("x1", "Zhiyar Berzinji", birthDate="1990-01-01")])
    load(people, src, "uk-b", [person("x2", "Zhiyar Berzinji")])
    resolve(people)
    assert stored(people)[x1] != stored(people)[x2]
    load(people, src, "uk-b", [person("x2", "Zhiyar Berzinji", birthDate="1990-01-01")])
    report = resolve(people, incremental=True)
    assert report.incremental and report.changed == 1 and report.new == 0
    assert report.pairs_scored > 0
    after = stored(people)
    assert after == replayed(people, kept_model(people))
    assert after[x1] == after[x2]


def test_a_pair_a_grown_block_drops_between_unchanged_records_is_decided_again(
    people: duckdb.DuckDBPyConnection, src: Path
) -> None:
    """Fifty records carry the name part "Berzinji" and the birth year 1990; two of them
    are that name and year alone, and join through the blocks of those (the only keys
    they have). A fifty-first arrives: the blocks pass their size limit, the two
    unchanged records are no longer a candidate pair, and a full decision has them
    apart; so must the run."""
    others = [person(f"b{i}", f"{GIVEN[i % len(GIVEN)]} Berzinji", birthDate="1990")
              for i in range(48)]  # fmt: skip
    load(people, src, "uk-a", [*others, person("x1", "Berzinji", birthDate="1990")])
    load(people, src, "uk-b", [person("x2", "Berzinji", birthDate="1990")])
    resolve(people)
    x1, x2 = ("uk-a", "x1"), ("uk-b", "x2")
    assert stored(people)[x1] == stored(people)[x2]
    load(people, src, "uk-b", [person("x3", "Hogr Berzinji", birthDate="1990")])
    report = resolve(people, incremental=True)
    assert report.incremental and report.new == 1 and report.changed == 0
    after = stored(people)
    assert after == replayed(people, kept_model(people))
    assert after[x1] != after[x2]


def test_an_incremental_run_keeps_pairs_the_next_one_can_use(
    people: duckdb.DuckDBPyConnection, src: Path
) -> None:
    """Incremental runs in a row, one with nothing new between them: each keeps today's
    pairs, and each scores only the pairs of its arrivals."""
    resolve(people)
    load(people, src, "uk-b", [person("n1", "Karwan Hasan", birthDate="1975-03-03")])
    first = resolve(people, incremental=True)
    assert first.incremental and 0 < first.pairs_scored < 100
    assert_kept_pairs_are_todays(people)
    idle = resolve(people, incremental=True)  # nothing new: the pairs stay kept
    assert idle.incremental and idle.pairs_scored == 0
    load(people, src, "uk-b", [person("n2", "Karwan HASAN", birthDate="1975-03-03")])
    second = resolve(people, incremental=True)
    assert second.incremental and second.fallback is None and 0 < second.pairs_scored < 100
    assert stored(people) == replayed(people, kept_model(people))
    assert_kept_pairs_are_todays(people)
    kept = people.execute("SELECT pairs IS NOT NULL FROM resolution_run").fetchall()
    assert kept.count((True,)) == 1  # only the latest run keeps its pairs


def test_a_judgement_alone_scores_no_pair(people: duckdb.DuckDBPyConnection) -> None:
    resolve(people)
    judgements.judge(people, ("uk-a", "p1"), ("uk-b", "q1"), Verdict.SPLIT, "analyst", "UK-NCA")
    report = resolve(people, incremental=True)
    assert report.incremental and report.pairs_scored == 0
    assert stored(people) == replayed(people, kept_model(people))


def test_the_rules_keep_no_pairs(people: duckdb.DuckDBPyConnection) -> None:
    options.set_resolver_method(people, "rules")
    resolve(people)
    assert people.execute(
        "SELECT count(*) FROM resolution_run WHERE pairs IS NOT NULL"
    ).fetchone() == (0,)


@pytest.mark.parametrize(
    ("spoil", "why"),
    [
        (lambda blob: blob[:-1], "not what they say"),
        (lambda blob: bytes(16) + blob[16:], "another model or version"),
        (lambda blob: blob + b"\0", "not what they say"),
    ],
)
def test_kept_pairs_that_do_not_fit_make_the_run_a_full_one(
    people: duckdb.DuckDBPyConnection, src: Path, spoil: Callable[[bytes], bytes], why: str
) -> None:
    resolve(people)
    row = people.execute("SELECT id, pairs FROM resolution_run WHERE pairs IS NOT NULL").fetchone()
    assert row is not None
    people.execute("UPDATE resolution_run SET pairs = ? WHERE id = ?", [spoil(row[1]), row[0]])
    load(people, src, "uk-b", [person("n1", "Karwan Hasan")])
    report = resolve(people, incremental=True)
    assert not report.incremental and why in (report.fallback or "")


def test_without_kept_pairs_the_run_is_a_full_one_and_says_why(
    people: duckdb.DuckDBPyConnection, src: Path
) -> None:
    resolve(people)
    people.execute("UPDATE resolution_run SET pairs = NULL")  # as an older version left it
    load(people, src, "uk-b", [person("n1", "Karwan Hasan")])
    report = resolve(people, incremental=True)
    assert not report.incremental and "kept no scored pairs" in (report.fallback or "")


def test_keys_that_hash_alike_make_the_run_a_full_one(
    people: duckdb.DuckDBPyConnection, src: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    resolve(people)
    load(people, src, "uk-b", [person("n1", "Karwan Hasan")])
    monkeypatch.setattr(inc, "key_hashes", lambda keys: np.arange(len(keys), dtype=np.int64) // 2)
    report = resolve(people, incremental=True)
    assert not report.incremental and "hash alike" in (report.fallback or "")


def test_erasing_a_dataset_clears_the_kept_model_and_pairs(
    people: duckdb.DuckDBPyConnection,
) -> None:
    """The model counts name values and the pairs weigh records: erased ones among them."""
    resolve(people)
    assert people.execute(
        "SELECT count(*) FROM resolution_run WHERE model IS NOT NULL AND pairs IS NOT NULL"
    ).fetchone() == (1,)
    people.begin()
    erasure.erase_dataset(people, "uk-b")
    people.commit()
    assert people.execute(
        "SELECT count(*) FROM resolution_run WHERE model IS NOT NULL OR pairs IS NOT NULL"
    ).fetchone() == (0,)
    report = resolve(people, incremental=True)
    assert not report.incremental and report.fallback is not None


@given(
    st.integers(2, 40).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(
                st.tuples(
                    st.integers(0, n - 2), st.integers(1, n - 1), st.floats(allow_nan=False)
                ).filter(lambda p: p[0] < p[1]),
                max_size=100,
            ),
        )
    )
)
def test_kept_pairs_read_back_as_written(drawn: tuple[int, list[tuple[int, int, float]]]) -> None:
    n, rows = drawn
    pairs = inc.KeptPairs(
        np.arange(n, dtype=np.int64) * -7919,
        np.array([r[0] for r in rows], dtype=np.int64),
        np.array([r[1] for r in rows], dtype=np.int64),
        np.array([r[2] for r in rows], dtype=np.float64),
    )
    basis = bytes(range(16))
    blob = pairs.blob(basis)
    again = inc.KeptPairs.from_blob(blob, basis)
    assert again.hashes.tolist() == pairs.hashes.tolist()
    assert again.left.tolist() == pairs.left.tolist()
    assert again.right.tolist() == pairs.right.tolist()
    assert again.weight.tobytes() == pairs.weight.tobytes()
    spoilt = [blob + b"\0", blob[:-1], bytes(16) + blob[16:]]
    if rows:  # a pair naming a record the blob does not list, or one record twice
        beyond = inc.KeptPairs(pairs.hashes, pairs.left, pairs.right + n, pairs.weight)
        twice = inc.KeptPairs(pairs.hashes, pairs.left, pairs.left, pairs.weight)
        spoilt += [beyond.blob(basis), twice.blob(basis)]
    same = inc.KeptPairs(pairs.hashes * 0, pairs.left, pairs.right, pairs.weight)
    spoilt.append(same.blob(basis))  # two records' keys hashing alike
    for bad in spoilt:
        with pytest.raises(ValueError):
            inc.KeptPairs.from_blob(bad, basis)


# --- the property: incremental runs in a row equal a full decision with the kept model ----

NAMES = ("Zhiyar Berzinji", "Berzinji", "ZHIYAR Berzinji", "Hogr Berzinji", "Karwan Hasan")
BIRTHS = (None, "1990", "1990-01-01", "1991-01-01")
PHONES = (None, "+447700900123", "+447700900456")
drawn_record = st.tuples(
    st.sampled_from(("uk-a", "uk-b")), st.integers(0, 7), st.sampled_from(NAMES),
    st.sampled_from(BIRTHS), st.sampled_from(PHONES), st.sampled_from((None, "iq", "ir")),
)  # fmt: skip
BERZINJI = 46
"""Records with the name part "Berzinji" and the year 1990 in the template, besides
two that are that name and year alone (joined through those blocks only, as in the
example above): the drawn records take the blocks past their size limit of 50
before the full run, between the runs, or not at all."""


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The crowd and the Berzinjis, loaded (not resolved): copied for each example."""
    root = tmp_path_factory.mktemp("kept-template")
    src = root / "in"
    src.mkdir()
    con = db.connect(root / "store.duckdb")
    registry.add_agency(con, "UK-NCA", "National Crime Agency", "GB")
    first, second = crowd()
    others = [person(f"b{i}", f"{GIVEN[i % len(GIVEN)]} Berzinji", birthDate="1990")
              for i in range(BERZINJI)]  # fmt: skip
    alone = person("berzinji", "Berzinji", birthDate="1990")
    load(con, src, "uk-a", [*first, *others, alone])
    load(con, src, "uk-b", [*second, alone])
    con.close()
    return root / "store.duckdb"


def _load_drawn(con: duckdb.DuckDBPyConnection, src: Path, drawn: list[tuple]) -> None:  # type: ignore[type-arg]
    for dataset in ("uk-a", "uk-b"):
        rows: dict[str, dict] = {}
        for ds, n, name, birth, phone, nationality in drawn:
            if ds == dataset:  # one row per id in a file; later draws add to it
                props = {"birthDate": birth, "phone": phone, "nationality": nationality}
                rows[f"x{n}"] = person(f"x{n}", name, **{k: v for k, v in props.items() if v})
        if rows:
            load(con, src, dataset, list(rows.values()))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(drawn_record, max_size=3),
    st.lists(drawn_record, min_size=1, max_size=6),
    st.lists(drawn_record, min_size=1, max_size=6),
)
def test_incremental_runs_in_a_row_equal_a_full_decision_with_the_kept_model(
    template: Path,
    first: list[tuple],
    later: list[tuple],
    last: list[tuple],  # type: ignore[type-arg]
) -> None:
    """Records drawn to be namesakes or not, share a phone or a birth date or not, change
    (a later row for an id loaded before adds a name, a date, a phone) and push the
    "Berzinji" blocks past their size limit: two incremental runs in a row, the second
    on the pairs the first kept, each equal to a full decision with the kept model."""
    with TemporaryDirectory() as tmp:
        path, src = Path(tmp) / "store.duckdb", Path(tmp) / "in"
        src.mkdir()
        shutil.copy(template, path)
        con = db.connect(path)
        try:
            _load_drawn(con, src, first)
            resolve(con)
            model = kept_model(con)
            for arrivals in (later, last):
                _load_drawn(con, src, arrivals)
                report = resolve(con, incremental=True)
                assert report.incremental and report.fallback is None
                assert stored(con) == replayed(con, model)
                assert_kept_pairs_are_todays(con)
        finally:
            con.close()


def test_kept_pairs_weighed_by_other_code_make_the_run_a_full_one(
    people: duckdb.DuckDBPyConnection, src: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An upgrade that changes how records are read or compared makes every kept weight
    stale: the next incremental run is a full one, and says why."""
    resolve(people)
    assert inc._scoring_code() == inc._scoring_code()  # the same code, the same digest
    monkeypatch.setattr(inc, "_scoring_code", lambda: b"another version of score.py")
    load(people, src, "uk-b", [person("n1", "Karwan Hasan")])
    report = resolve(people, incremental=True)
    assert not report.incremental and "another model or version" in (report.fallback or "")
