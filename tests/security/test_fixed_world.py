"""The oracle's checks on a fixed world with every feature, and proof that they bite.

The random worlds may or may not draw a merge across owners, a withheld merge, a
hit or a blocked hit chain; this world has each. The mutation tests then break
the policy view on purpose (monkeypatched, never edited) and require the same
checks to fail: a check that passes on a leaky view would be no check at all.
"""

import inspect
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from crosscurrent.store import view

from .test_random_worlds import check_api, check_world_is_as_designed, read_everything
from .world import CallerSpec, Oracle, World, canonical, fixed_world, open_world, stored_links


@pytest.fixture(params=[None, "AG-C"], ids=["all-registered", "AG-C-removed"])
def world(request: pytest.FixtureRequest) -> World:
    return fixed_world(removed=request.param)


@pytest.fixture
def store(world: World, tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = open_world(world, tmp_path)
    yield con
    con.close()


def test_every_read_path_matches_the_oracle(
    world: World, store: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    oracle = check_world_is_as_designed(store, world)
    read_everything(store, world, oracle)
    check_api(tmp_path / "store.duckdb", store, world, oracle, [u.name for u in world.users])


def test_the_world_has_what_the_checks_need(world: World) -> None:
    """Cross-owner merges, a withheld merge, hits and a blocked chain, by the oracle."""
    oracle = Oracle(world)
    a = oracle.view(CallerSpec("AG-A"))
    merged = a.canon[("dset-00", "ent00001")]
    assert a.canon[("dset-01", "ent00002")] == a.canon[("dset-05", "ent00001")] == merged
    # The passport that links ent00003 to ent00002 is marked for AG-B alone.
    assert a.canon[("dset-02", "ent00003")] != merged
    assert ("dset-04", "ent00005") not in a.records
    assert a.canon[("dset-01", "ent00013")] == a.canon[("dset-02", "ent00011")]
    hits = oracle.hits(a)
    if world.removed is None:
        assert (merged, "AG-C", "AG-C") in hits
    # ent00006 meets ent00008 (AG-C, hits allowed) only through ent00005 (no hits).
    assert not any(h[0] == a.canon[("dset-00", "ent00006")] for h in hits)
    b = oracle.view(CallerSpec("AG-B", "an-ag-b"))
    b_hit = (b.canon[("dset-04", "ent00005")], "AG-C", "AG-C")
    # A removed agency is no partner any more: its records answer no hits.
    assert (b_hit in oracle.hits(b)) == (world.removed != "AG-C")
    # The system merges what AG-A may not.
    assert canonical(("dset-00", "ent00001")) == merged


# --------------------------------------------------------------------------- mutants


def _patch_sql(old: str, new: str) -> Callable[[pytest.MonkeyPatch], None]:
    def apply(monkeypatch: pytest.MonkeyPatch) -> None:
        source = inspect.getsource(view._visible) + inspect.getsource(view._gate)
        assert old in source, "the mutant no longer applies: update it"
        view.forget_decisions()  # or a decision made before the mutant answers
        for name in ("_visible", "_gate"):
            original = getattr(view, name)

            def leaky(caller: view.Caller, original: Any = original) -> tuple[str, dict[str, Any]]:
                sql, params = original(caller)
                return sql.replace(old, new), params

            monkeypatch.setattr(view, name, leaky)

    return apply


def _clusters_over_every_link(monkeypatch: pytest.MonkeyPatch) -> None:
    """Merge through any resolver link, and name clusters after their smallest member
    whether the caller sees it or not."""

    def leaky(con: duckdb.DuckDBPyConnection, caller: view.Caller) -> dict[view.Key, str]:
        seen = {
            (str(d), str(e))
            for d, e in view.statements(con, caller, "DISTINCT dataset, entity_id").fetchall()
        }
        everyone = {
            (str(d), str(e))
            for d, e in view.statements(
                con, view.Caller.system(), "DISTINCT dataset, entity_id"
            ).fetchall()
        }
        parent = {k: k for k in everyone}

        def find(k: view.Key) -> view.Key:
            while parent[k] != k:
                k = parent[k]
            return k

        for left, right in view.links(con):
            x, y = find(left), find(right)
            if x != y:
                parent[max(x, y)] = min(x, y)
        return {k: view.canonical_id(find(k)) for k in seen}

    monkeypatch.setattr(view, "clusters", leaky)


def _hits_through_any_dataset(monkeypatch: pytest.MonkeyPatch) -> None:
    original = view.hit_members

    def leaky(con: duckdb.DuckDBPyConnection, caller: view.Caller) -> list[Any]:
        monkeypatch.setattr(view, "hit_members", original)
        try:
            con.execute("CREATE TEMP TABLE saved AS SELECT name, hits_allowed FROM dataset")
            con.execute("UPDATE dataset SET hits_allowed = TRUE")
            return original(con, caller)
        finally:
            con.execute(
                "UPDATE dataset SET hits_allowed = s.hits_allowed FROM saved s "
                "WHERE s.name = dataset.name"
            )
            con.execute("DROP TABLE saved")
            monkeypatch.setattr(view, "hit_members", leaky)

    monkeypatch.setattr(view, "hit_members", leaky)


MUTANTS = {
    "statement markings ignored": _patch_sql(
        "coalesce(s.releasable_to, d.releasable_to)", "d.releasable_to"
    ),
    "unregistered agencies read": _patch_sql(
        "EXISTS (SELECT 1 FROM agency a WHERE a.code = $agency) AND", ""
    ),
    "disabled users read": _patch_sql("AND NOT u.disabled", ""),
    "any role reads": _patch_sql(
        "AND list_has_any(u.roles, $readers)", "AND (list_has_any(u.roles, $readers) OR TRUE)"
    ),
    "users read for any agency": _patch_sql("AND u.agency = $agency", ""),
    "released means released to all": _patch_sql(
        "list_contains(coalesce(s.releasable_to, d.releasable_to), $agency)", "TRUE"
    ),
    "clusters through hidden records": _clusters_over_every_link,
    "hits from datasets that allow none": _hits_through_any_dataset,
}


@pytest.mark.parametrize("mutant", list(MUTANTS))
def test_the_checks_catch_a_leaky_view(
    mutant: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = fixed_world()
    store = open_world(world, tmp_path)
    try:
        MUTANTS[mutant](monkeypatch)
        with pytest.raises(AssertionError):
            read_everything(store, world, Oracle(world, stored_links(store)))
    finally:
        store.close()
