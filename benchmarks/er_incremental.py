"""Incremental resolution against a full run: the same arrivals, both ways, one run.

    .venv/bin/python benchmarks/er_incremental.py [--size 20000] [--arrive 0.05] [--seed 7]

A scenario is generated; the first part of every file (all but ``--arrive`` of its
rows) is loaded and resolved fully; then the whole files are loaded again (the
arrivals: new records, and new statements on records already there). On copies of
that store it times

- ``resolve --incremental`` (``resolve/incremental.py``), the peer being
- a full ``resolve`` of the same store (training a new model), and
- a full decision with the model the first run kept (``incremental.replay``),
  which the incremental result must equal exactly (checked, not timed);

and prints the seconds of each and the ratio incremental / full. Each run is timed
in this process, store reads and writes included, interpreter start-up excluded.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

Key = tuple[str, str]


def _cut(scenario: Path, first: Path, files: list[dict], arrive: float) -> None:
    """Copies of the scenario files with their last ``arrive`` share of rows left off."""
    for f in files:
        src, dst = scenario / f["path"], first / f["path"]
        dst.parent.mkdir(parents=True, exist_ok=True)
        if f["format"] in ("csv", "jsonl"):
            lines = src.read_bytes().splitlines(keepends=True)
            head = 1 if f["format"] == "csv" else 0
            keep = head + round((len(lines) - head) * (1 - arrive))
            dst.write_bytes(b"".join(lines[:keep]))
        else:
            shutil.copy(src, dst)


def _load(con: object, where: Path, scenario: Path, files: list[dict]) -> None:
    from crosscurrent.ingest.loader import ingest_file
    from crosscurrent.model.markings import Marking, parse_handling, parse_releasable

    for f in files:
        code = f["agency"]
        marking = Marking(
            code, parse_releasable(f.get("releasable_to"), code), parse_handling(f.get("handling"))
        )
        mapping = scenario / f["mapping"] if f.get("mapping") else None
        ingest_file(con, where / f["path"], f["dataset"], marking, mapping)  # type: ignore[arg-type]


def prepare(work: Path, size: int, seed: int, arrive: float) -> Path:
    """A store resolved fully on the first part of each file, then given the whole
    files: the arrivals are loaded, not yet resolved."""
    from crosscurrent.resolve.resolver import resolve
    from crosscurrent.scenario import generate
    from crosscurrent.store import db, registry

    scenario, first = work / "scenario", work / "first"
    manifest = generate(scenario, seed=seed, size=size)
    _cut(scenario, first, manifest["files"], arrive)
    path = work / "store.duckdb"
    con = db.connect(path)
    for a in manifest["agencies"]:
        registry.add_agency(con, a["code"], a["name"], a.get("country"))
    _load(con, first, scenario, manifest["files"])
    resolve(con)
    _load(con, scenario, scenario, manifest["files"])
    con.close()
    return path


def _stored(con: object) -> dict[Key, str]:
    from crosscurrent.store import view

    return {(d, e): c for e, d, c in view.cluster_rows(con)}  # type: ignore[arg-type]


def run(path: Path, work: Path, name: str, incremental: bool) -> tuple[float, object, object]:
    from crosscurrent.resolve.resolver import resolve
    from crosscurrent.store import db

    copy = work / f"{name}.duckdb"
    shutil.copy(path, copy)
    con = db.connect(copy)
    started = time.perf_counter()
    report = resolve(con, incremental=incremental)
    return time.perf_counter() - started, report, con


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--size", type=int, default=20_000, help="scenario size")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--arrive", type=float, default=0.05, help="share of rows arriving")
    parser.add_argument("--workdir", type=Path, help="keep the files here (default: temp)")
    args = parser.parse_args(argv)

    from crosscurrent.resolve import incremental as inc
    from crosscurrent.store import view

    work = Path(tempfile.mkdtemp(prefix="crosscurrent-inc-", dir=args.workdir))
    try:
        print(f"  preparing scenario --size {args.size}...", file=sys.stderr, flush=True)
        path = prepare(work, args.size, args.seed, args.arrive)
        inc_s, inc_report, inc_con = run(path, work, "incremental", True)
        full_s, _, full_con = run(path, work, "full", False)
        # The incremental result against a full decision with the kept model.
        found = view.profiles(inc_con, view.Caller.system())  # type: ignore[arg-type]
        merges, splits = view.judged_pairs(inc_con)  # type: ignore[arg-type]
        from crosscurrent.store import db

        old = db.connect(path, read_only=True)
        last = inc.kept(old)
        old.close()
        model = last.model if last is not None else None
        replay = inc.replay(found, merges, splits, view.regions(inc_con), model)  # type: ignore[arg-type]
        exact = _partition(replay.canonical) == _partition(_stored(inc_con))
        agree = _pairwise_f1(_stored(full_con), _stored(inc_con))
        r = inc_report
        print(
            f"Incremental resolution vs a full run: scenario --size {args.size} --seed "
            f"{args.seed}, {args.arrive:.0%} of each file's rows arriving; Python "
            f"{platform.python_version()}, {os.cpu_count()} CPUs"
        )
        print(
            f"records {r.entities:,}; new {r.new:,}, changed {r.changed:,}; decided again "
            f"{r.region:,}; pairs scored {r.pairs_scored:,}; fallback: {r.fallback or 'none'}"
        )
        print(f"{'run':<28} {'seconds':>8}")
        print(f"{'resolve --incremental':<28} {inc_s:>8.2f}")
        print(f"{'resolve (full, new model)':<28} {full_s:>8.2f}")
        print(f"ratio incremental / full: {inc_s / full_s:.2f}")
        print(f"incremental equals a full decision with the kept model: {exact}")
        print(f"pairwise F1 of incremental against the full run's clusters: {agree:.4f}")
        for con in (inc_con, full_con):
            con.close()  # type: ignore[attr-defined]
        return 0 if exact else 1
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)


def _partition(canonical: dict[Key, str]) -> set[frozenset[Key]]:
    groups: dict[str, set[Key]] = {}
    for k, c in canonical.items():
        groups.setdefault(c, set()).add(k)
    return {frozenset(g) for g in groups.values()}


def _pairwise_f1(a: dict[Key, str], b: dict[Key, str]) -> float:
    """Pairwise F1 of clustering ``b`` against ``a`` taken as the truth."""
    from crosscurrent.resolve.evaluate import score

    return score(b, a).f1


if __name__ == "__main__":
    sys.exit(main())
