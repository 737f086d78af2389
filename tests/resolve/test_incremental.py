"""``resolve --incremental``: new and changed records resolve against the kept clusters.

The scenario tests load a scenario whose files are first cut short (the rest of
each file arrives later, as the same dataset), resolve fully, load the whole
files, and compare the incremental run with a full re-run using the model the
first run kept (``incremental.replay``), which it must equal exactly. The small
hand-made tests use the rules for people (too few records for the model) to
check changed records, judgements and the fallbacks against a real full run.
"""

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from click.testing import Result

from crosscurrent.ingest.loader import ingest_file
from crosscurrent.model.markings import Marking, parse_handling, parse_releasable
from crosscurrent.resolve import incremental as inc
from crosscurrent.resolve.resolver import resolve
from crosscurrent.scenario import generate
from crosscurrent.store import db, erasure, judgements, options, registry
from crosscurrent.store.judgements import Verdict

from .stores import load, person, replayed, stored

Key = tuple[str, str]


def partition(canonical: dict[Key, str]) -> set[frozenset[Key]]:
    groups: dict[str, set[Key]] = {}
    for k, c in canonical.items():
        groups.setdefault(c, set()).add(k)
    return {frozenset(g) for g in groups.values()}


# --- the scenario: arrivals -------------------------------------------------------------------


def _load(con: duckdb.DuckDBPyConnection, where: Path, scenario: Path, files: list[dict]) -> None:
    for f in files:
        code = f["agency"]
        marking = Marking(
            code, parse_releasable(f.get("releasable_to"), code), parse_handling(f.get("handling"))
        )
        mapping = scenario / f["mapping"] if f.get("mapping") else None
        ingest_file(con, where / f["path"], f["dataset"], marking, mapping)


@pytest.fixture(scope="module")
def arrived(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store resolved fully on the first 90% of each scenario file, then given the
    whole files (new records, and references to records it had): not yet resolved."""
    root = tmp_path_factory.mktemp("arrivals")
    scenario, first = root / "scenario", root / "first"
    manifest = generate(scenario, seed=11, size=1500)
    for f in manifest["files"]:
        src, dst = scenario / f["path"], first / f["path"]
        dst.parent.mkdir(parents=True, exist_ok=True)
        if f["format"] in ("csv", "jsonl"):
            lines = src.read_bytes().splitlines(keepends=True)
            head = 1 if f["format"] == "csv" else 0
            dst.write_bytes(b"".join(lines[: head + (len(lines) - head) * 9 // 10]))
        else:
            shutil.copy(src, dst)
    path = root / "store.duckdb"
    con = db.connect(path)
    for a in manifest["agencies"]:
        registry.add_agency(con, a["code"], a["name"], a.get("country"))
    _load(con, first, scenario, manifest["files"])
    resolve(con)
    _load(con, scenario, scenario, manifest["files"])
    con.close()
    return path


@pytest.fixture
def scenario(arrived: Path, tmp_path: Path) -> duckdb.DuckDBPyConnection:
    path = tmp_path / "store.duckdb"
    shutil.copy(arrived, path)
    return db.connect(path)


def test_a_full_run_keeps_its_model_and_replaying_it_gives_its_clusters(
    scenario: duckdb.DuckDBPyConnection,
) -> None:
    kept = inc.kept(scenario)
    assert kept is not None and kept.model is not None and kept.method == "scored"
    again = inc.model_from_json(inc.model_to_json(kept.model))
    assert (again.m, again.u, again.prior) == (kept.model.m, kept.model.u, kept.model.prior)
    assert again.freq == kept.model.freq and again.tf_centre == kept.model.tf_centre
    resolve(scenario)  # a full run on everything: its clusters are the kept model's
    now = inc.kept(scenario)
    assert now is not None
    assert partition(replayed(scenario, now.model)) == partition(stored(scenario))


def test_new_records_join_existing_clusters_and_untouched_records_keep_their_ids(
    scenario: duckdb.DuckDBPyConnection,
) -> None:
    before = stored(scenario)
    kept = inc.kept(scenario)
    assert kept is not None
    report = resolve(scenario, incremental=True)
    after = stored(scenario)
    assert report.incremental and report.fallback is None and report.new > 0
    assert 0 < report.region < report.entities / 2
    # Most records keep their ids: only the region's were decided again.
    same = [k for k in after if before[k] == after[k]]
    assert len(same) > 0.8 * len(after)
    # New records join clusters the last run made: they take an id other records held.
    holders: dict[str, set[Key]] = {}
    for k, c in before.items():
        holders.setdefault(c, set()).add(k)
    joined = [k for k in after if after[k] != before[k] and holders.get(after[k], set()) - {k}]
    assert len(joined) >= report.new / 10
    # Exactly what a full run with the kept model makes, ids included.
    assert after == replayed(scenario, kept.model)


def test_a_second_incremental_run_with_nothing_new_writes_nothing(
    scenario: duckdb.DuckDBPyConnection,
) -> None:
    resolve(scenario, incremental=True)
    before = stored(scenario)
    report = resolve(scenario, incremental=True)
    assert report.incremental and report.region == 0 and report.moved == 0
    assert stored(scenario) == before


def test_an_incremental_run_is_nearly_a_full_run_with_a_new_model(
    scenario: duckdb.DuckDBPyConnection,
) -> None:
    """The model kept from 90% of the records against one trained on all of them:
    measured pairwise F1 0.99+ on this scenario (the weights drift a little)."""
    resolve(scenario, incremental=True)
    incremental = stored(scenario)
    resolve(scenario)
    full = stored(scenario)
    a, b = _pairs(incremental), _pairs(full)
    f1 = 2 * len(a & b) / (len(a) + len(b))
    assert f1 >= 0.98


def _pairs(canonical: dict[Key, str]) -> set[tuple[Key, Key]]:
    return {(x, y) for group in partition(canonical) for x in group for y in group if x < y}


# --- small stores: changes, judgements, fallbacks -----------------------------------------------


@pytest.fixture
def small(con: duckdb.DuckDBPyConnection, src: Path) -> duckdb.DuckDBPyConnection:
    options.set_resolver_method(con, "rules")
    load(con, src, "uk-a", [
        person("a1", "Rebwar Hasan", birthDate="1988-04-02", passportNumber="P111"),
        person("a2", "Karwan Aziz", birthDate="1990-01-01"),
        person("a3", "Shilan Omar", birthDate="1985-05-05"),
    ])  # fmt: skip
    load(con, src, "uk-b", [
        person("b1", "HESEN Rebwar", passportNumber="P111"),
        person("b2", "Dilan Kareem", birthDate="1979-09-09"),
    ])  # fmt: skip
    resolve(con)
    return con


def key(ref: str) -> Key:
    return (f"uk-{ref[0]}", ref)


def test_a_model_kept_by_a_version_that_compared_otherwise_is_not_used(
    scenario: duckdb.DuckDBPyConnection,
) -> None:
    """A model with one level fewer for a comparison (as an older version kept it)
    cannot weigh today's levels: the run is a full one, and says why."""
    text = db.fetch_one(
        scenario, "SELECT model FROM resolution_run WHERE kind = 'full' ORDER BY id DESC LIMIT 1"
    )[0]
    raw = json.loads(text)
    del raw["comparisons"]
    raw["m"][3], raw["u"][3] = raw["m"][3][1:], raw["u"][3][1:]
    scenario.execute("UPDATE resolution_run SET model = ? WHERE kind = 'full'", [json.dumps(raw)])
    kept = inc.kept(scenario)
    assert kept is not None and kept.outdated and kept.model is None
    report = resolve(scenario, incremental=True)
    assert not report.incremental
    assert report.fallback is not None and "comparisons changed" in report.fallback
    now = inc.kept(scenario)
    assert now is not None and not now.outdated and now.model is not None


def test_no_previous_run_falls_back_to_a_full_run_and_says_so(
    con: duckdb.DuckDBPyConnection, src: Path
) -> None:
    load(con, src, "uk-a", [person("a1", "Rebwar Hasan")])
    report = resolve(con, incremental=True)
    assert not report.incremental and report.fallback == "no previous full run"
    assert report.entities == 1
    assert resolve(con, incremental=True).incremental  # now there is one


def test_a_new_record_joins_by_identifier_and_a_changed_one_by_its_new_value(
    small: duckdb.DuckDBPyConnection, src: Path
) -> None:
    before = stored(small)
    load(small, src, "uk-c", [person("c1", "Rebwar H.", passportNumber="P111")])
    # b2 gains a passport shared with a3: a changed record (same dataset, new statement)
    load(small, src, "uk-b", [person("b2", "Dilan Kareem", passportNumber="P333")])
    load(small, src, "uk-a", [person("a3", "Shilan Omar", passportNumber="P333")])
    report = resolve(small, incremental=True)
    after = stored(small)
    assert report.incremental and report.new == 1 and report.changed == 2
    assert after[key("c1")] == after[key("a1")] == before[key("a1")]
    assert after[key("b2")] == after[key("a3")]
    assert after[key("a2")] == before[key("a2")]
    assert report.region == 5  # a1, b1, c1 and a3, b2: a2 is not decided again
    assert after == _full(small)


def test_a_split_judgement_since_takes_the_cluster_apart(
    small: duckdb.DuckDBPyConnection,
) -> None:
    assert stored(small)[key("a1")] == stored(small)[key("b1")]
    judgements.judge(small, key("a1"), key("b1"), Verdict.SPLIT, "analyst", "UK-NCA")
    report = resolve(small, incremental=True)
    after = stored(small)
    assert report.incremental and report.region == 2
    assert after[key("a1")] != after[key("b1")]
    assert after == _full(small)


def test_an_undone_merge_judgement_takes_its_link_away(
    small: duckdb.DuckDBPyConnection,
) -> None:
    judgements.judge(small, key("a2"), key("b2"), Verdict.MERGE, "analyst", "UK-NCA")
    resolve(small, incremental=True)
    assert stored(small)[key("a2")] == stored(small)[key("b2")]
    judgements.undo(small, key("a2"), key("b2"))
    report = resolve(small, incremental=True)
    assert report.incremental
    assert stored(small)[key("a2")] != stored(small)[key("b2")]
    assert stored(small) == _full(small)


def test_an_erasure_since_falls_back_to_a_full_run(small: duckdb.DuckDBPyConnection) -> None:
    small.begin()
    erasure.erase_dataset(small, "uk-b")
    small.commit()
    report = resolve(small, incremental=True)
    assert not report.incremental
    assert report.fallback is not None and "erased" in report.fallback
    assert key("b1") not in stored(small)


def test_another_method_since_falls_back_to_a_full_run(small: duckdb.DuckDBPyConnection) -> None:
    options.set_resolver_method(small, "scored")
    report = resolve(small, incremental=True)
    assert not report.incremental and report.fallback is not None
    assert "method" in report.fallback


def test_the_command_says_when_it_runs_fully_instead(
    con: duckdb.DuckDBPyConnection, cli: Callable[..., Result], src: Path
) -> None:
    run = cli
    path = src / "people.jsonl"
    path.write_text(json.dumps(person("p1", "Rebwar Hasan")) + "\n")
    result = run("ingest", str(path), "--dataset", "uk-p", "--agency", "UK-NCA")
    assert result.exit_code == 0, result.output
    result = run("resolve", "--incremental")
    assert result.exit_code == 0, result.output
    assert "full run instead of an incremental one: no previous full run" in result.output
    result = run("resolve", "--incremental")
    assert "incrementally" in result.output and "0 new and 0 changed" in result.output


def _full(con: duckdb.DuckDBPyConnection) -> dict[Key, str]:
    """A real full run's ids (the rules decide people here: no model to keep)."""
    resolve(con)
    return stored(con)


def test_a_full_run_over_an_old_result_leaves_exactly_what_a_first_run_writes(
    small: duckdb.DuckDBPyConnection, src: Path
) -> None:
    """A full run writes only the rows that differ from the last result (ids changed by
    a split, rows of erased records gone, new records in): the table is then the same
    as a full run into an empty table writes, each record once."""

    def rows() -> list[tuple[str, ...]]:
        return sorted(small.execute("SELECT * FROM resolution").fetchall())

    before = rows()
    judgements.judge(small, key("a1"), key("b1"), Verdict.SPLIT, "analyst", "UK-NCA")
    load(small, src, "uk-c", [person("c1", "Karwan Aziz", birthDate="1990-01-01")])
    small.begin()
    erasure.erase_dataset(small, "uk-b")
    small.commit()
    resolve(small)
    after = rows()
    assert after != before
    assert len({(r[0], r[1]) for r in after}) == len(after)
    assert not any(r[0] == "uk-b" for r in after)
    assert any(r[1] == "c1" for r in after)
    small.execute("DELETE FROM resolution")
    resolve(small)
    assert rows() == after


def test_an_edge_between_untouched_records_that_a_new_record_removes_is_decided_again(
    con: duckdb.DuckDBPyConnection, src: Path
) -> None:
    """Fifty records share one phone; two of them share a name too, so "phone and
    name" joins them. A fifty-first record on that phone, unrelated to both, makes it
    a switchboard (no evidence): the two untouched records must come apart, as a
    full run would have them, though neither has a new statement."""
    options.set_resolver_method(con, "rules")
    phone = "+447700900123"
    crowd = [person(f"a{i}", f"Person{i} Family{i}", phone=phone) for i in range(48)]
    crowd += [person("x1", "Rebwar Hasan", phone=phone), person("x2", "Rebwar Hasan", phone=phone)]
    load(con, src, "uk-a", crowd)
    resolve(con)
    x1, x2 = ("uk-a", "x1"), ("uk-a", "x2")
    before = stored(con)
    assert before[x1] == before[x2]
    load(con, src, "uk-b", [person("b1", "Dilan Kareem", phone=phone)])
    report = resolve(con, incremental=True)
    after = stored(con)
    assert report.incremental and report.new == 1
    assert after[x1] != after[x2]
    assert after == _full(con)
