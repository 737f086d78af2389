"""End-to-end benchmark: scenario -> ingest -> FtM peer -> resolve -> report -> evaluate.

    .venv/bin/python benchmarks/pipeline.py [--size N] [--seed S] [--workdir DIR]

Every stage runs in its own Python process so that its peak memory (the
process's maximum resident set, which counts DuckDB's and other C memory that
``tracemalloc`` does not see) is measured alone: the parent reads it from
``os.wait4``. Seconds are the stage's own work, timed inside the process
(interpreter start-up and imports excluded; opening and closing the store
included). See benchmarks/README.md for what each stage does and why the
Crosscurrent/FtM comparison is not like for like.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

STAGES = ("generate", "ingest", "ftm-map", "resolve", "report", "evaluate")
AS_AGENCY = "UK-NCA"
NOTES = (
    "Not the same work: Crosscurrent ingest also validates and cleans every value "
    "(JSON lines included), keeps each value as written beside the cleaned one, "
    "quarantines bad rows, hashes the file, dedupes statements and commits each file "
    "in one DuckDB transaction; the FtM peer maps rows and writes statement JSON lines "
    "(FtM has no store), trusts JSON-lines values as given (model.get_proxy) and drops "
    "values it cannot clean.",
    "FtM's CSV source reads only comma-separated files: the harness feeds the ';' files "
    "(csv module) and the workbook (openpyxl) to the same mapping.map itself.",
)


# --- stages (each runs in a child process) --------------------------------------------


def _manifest(work: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((work / "scenario" / "manifest.json").read_text("utf-8"))
    return data


def warm_up() -> None:
    """Do FtM's one-off start-up (its model's YAML; the territory table that country
    cleaning builds, over a second) before the clock starts, in the ingest and in the
    peer alike: both pay it once per process, whatever the size. It is in the
    processes' wall time."""
    from followthemoney import model, registry

    model.get("Person")
    registry.country.clean_text("France")


def stage_generate(work: Path, size: int, seed: int) -> dict[str, Any]:
    from crosscurrent.scenario import generate

    started = time.perf_counter()
    manifest = generate(work / "scenario", seed=seed, size=size)
    seconds = time.perf_counter() - started
    records = sum(f.get("records", 0) for f in manifest["files"])
    return {
        "seconds": seconds,
        "records": records,
        "unit": "source records",
        "detail": {"files": len(manifest["files"]), "agencies": len(manifest["agencies"])},
    }


def stage_ingest(work: Path, size: int, seed: int) -> dict[str, Any]:
    """What `crosscurrent load-scenario` does: register the manifest's agencies, then
    ``ingest_file`` for every file with its marking and mapping (as the CLI's
    ``load_one``, without its progress bar and command-line checks)."""
    from crosscurrent.ingest.loader import ingest_file
    from crosscurrent.model.markings import Marking, parse_handling, parse_releasable
    from crosscurrent.store import db, registry

    scenario = work / "scenario"
    manifest = _manifest(work)
    rows = entities = statements = quarantined = 0
    warm_up()
    started = time.perf_counter()
    with db.connect(work / "crosscurrent.duckdb") as con:
        for a in manifest["agencies"]:
            registry.add_agency(con, a["code"], a["name"], a.get("country"))
        for f in manifest["files"]:
            code = registry.require_agency(con, f["agency"])
            marking = Marking(
                code,
                parse_releasable(f.get("releasable_to"), code),
                parse_handling(f.get("handling")),
            )
            mapping = scenario / f["mapping"] if f.get("mapping") else None
            report = ingest_file(con, scenario / f["path"], f["dataset"], marking, mapping)
            rows += report.rows
            entities += report.entities
            statements += report.statements_new
            quarantined += report.quarantined_rows
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "records": rows,
        "unit": "rows",
        "detail": {
            "entities": entities,
            "statements stored": statements,
            "rows quarantined": quarantined,
        },
    }


def _csv_records(path: Path, delimiter: str) -> Iterator[dict[str, str]]:
    """FtM's CSVSource.read_csv with a delimiter (FtM itself only reads ',')."""
    import csv

    from followthemoney.util import sanitize_text

    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter=delimiter, skipinitialspace=True):
            data: dict[str, str] = {}
            for ref, ref_value in row.items():
                value = sanitize_text(ref_value)
                if value is not None:
                    data[ref] = value
            yield data


def _xlsx_records(path: Path) -> Iterator[dict[str, str]]:
    """The first sheet as text records (FtM has no Excel source)."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
        for values in rows:
            record: dict[str, str] = {}
            for h, v in zip(header, values, strict=False):
                if not h or v is None:
                    continue
                text = v.isoformat() if hasattr(v, "isoformat") else str(v)
                record[h] = text[:10] if text.endswith("T00:00:00") else text
            if record:
                yield record
    finally:
        book.close()


def stage_ftm(work: Path, size: int, seed: int) -> dict[str, Any]:
    """The named peer: FollowTheMoney's own mapping engine on the same files."""
    import yaml
    from followthemoney import model
    from followthemoney.statement import Statement
    from followthemoney.statement.serialize import JSON, get_statement_writer

    scenario = work / "scenario"
    out_dir = work / "ftm"
    out_dir.mkdir(exist_ok=True)
    manifest = _manifest(work)
    rows = emitted = statements = failed = 0
    distinct = 0
    warm_up()
    started = time.perf_counter()
    for f in manifest["files"]:
        path = scenario / f["path"]
        dataset = f["dataset"]
        ids: set[str] = set()
        with (out_dir / f"{dataset}.jsonl").open("ab") as fh:
            writer = get_statement_writer(fh, JSON)
            if f["format"] == "jsonl":
                with path.open(encoding="utf-8") as lines:
                    for line in lines:
                        if not line.strip():
                            continue
                        rows += 1
                        try:
                            proxy = model.get_proxy(json.loads(line))
                            for stmt in Statement.from_entity(proxy, dataset):
                                writer.write(stmt)
                                statements += 1
                            emitted += 1
                            ids.add(str(proxy.id))
                        except Exception:  # FtM would stop; count it and go on
                            failed += 1
                writer.close()
                distinct += len(ids)
                continue
            spec = yaml.safe_load((scenario / f["mapping"]).read_text(encoding="utf-8"))
            queries = spec.get("queries", [spec])
            uri = path.resolve().as_uri()
            for index, query in enumerate(queries):
                mapping = model.make_mapping({**query, "csv_url": uri})
                records: Iterator[dict[str, str]]
                if f["format"] == "xlsx":
                    records = _xlsx_records(path)
                elif f.get("delimiter", ",") != ",":
                    records = _csv_records(path, f["delimiter"])
                else:
                    records = mapping.source.records
                for record in records:
                    if index == 0:
                        rows += 1
                    try:
                        for proxy in mapping.map(record).values():
                            for stmt in Statement.from_entity(proxy, dataset):
                                writer.write(stmt)
                                statements += 1
                            emitted += 1
                            ids.add(str(proxy.id))
                    except Exception:  # FtM would stop; count it and go on
                        failed += 1
            writer.close()
            distinct += len(ids)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "records": rows,
        "unit": "rows",
        "detail": {
            "entities": distinct,
            "entities emitted": emitted,
            "statements written": statements,
            "rows FtM failed on": failed,
        },
    }


def stage_resolve(work: Path, size: int, seed: int) -> dict[str, Any]:
    from crosscurrent.resolve.resolver import resolve
    from crosscurrent.store import db

    started = time.perf_counter()
    with db.connect(work / "crosscurrent.duckdb") as con:
        report = resolve(con)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "records": report.entities,
        "unit": "entities",
        "detail": {
            "clusters": report.clusters,
            "merged": report.merged,
            **{f"links {rule}": n for rule, n in sorted(report.rules.items())},
        },
    }


def stage_report(work: Path, size: int, seed: int) -> dict[str, Any]:
    from crosscurrent.report import build_report
    from crosscurrent.store import db, registry, view

    seen = 0

    def counted(items: Iterator[Any]) -> Iterator[Any]:
        nonlocal seen
        for item in items:
            seen += 1
            yield item

    started = time.perf_counter()
    with db.connect(work / "crosscurrent.duckdb") as con:
        caller = view.Caller(registry.require_agency(con, AS_AGENCY))
        result = build_report(counted(view.entities(con, caller)))
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "records": seen,
        "unit": f"entities seen by {AS_AGENCY}",
        "detail": {
            "nodes": result.size.nodes,
            "edges": result.size.edges,
            "key players": len(result.key_players),
            "supply chains": len(result.supply_chains),
            "money routes": len(result.money_routes),
        },
    }


def stage_evaluate(work: Path, size: int, seed: int) -> dict[str, Any]:
    from crosscurrent.resolve.evaluate import clusters_of, read_truth, score
    from crosscurrent.store import db, view

    started = time.perf_counter()
    with db.connect(work / "crosscurrent.duckdb") as con:
        predicted = clusters_of(view.cluster_rows(con))
    s = score(predicted, read_truth(work / "scenario"))
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "records": s.records,
        "unit": "truth records",
        "detail": {
            "pairwise precision": round(s.precision, 4),
            "pairwise recall": round(s.recall, 4),
            "pairwise F1": round(s.f1, 4),
            "B-cubed precision": round(s.bcubed_precision, 4),
            "B-cubed recall": round(s.bcubed_recall, 4),
            "B-cubed F1": round(s.bcubed_f1, 4),
        },
    }


STAGE_FUNCTIONS: dict[str, Callable[[Path, int, int], dict[str, Any]]] = {
    "generate": stage_generate,
    "ingest": stage_ingest,
    "ftm-map": stage_ftm,
    "resolve": stage_resolve,
    "report": stage_report,
    "evaluate": stage_evaluate,
}


# --- the parent: run each stage in a process, measure, print ---------------------------


@dataclass
class StageResult:
    name: str
    seconds: float
    records: int
    unit: str
    peak_mb: float
    wall: float
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.records / self.seconds if self.seconds > 0 else 0.0


def run_stage(name: str, work: Path, size: int, seed: int) -> StageResult:
    """Run one stage in a fresh interpreter; its peak RSS comes from wait4's rusage."""
    out_path, err_path = work / f".{name}.out", work / f".{name}.err"
    command = [sys.executable, str(Path(__file__).resolve()), "--stage", name]
    command += ["--workdir", str(work), "--size", str(size), "--seed", str(seed)]
    started = time.perf_counter()
    with out_path.open("wb") as out, err_path.open("wb") as err:
        proc = subprocess.Popen(command, stdout=out, stderr=err)
        # wait4 (not proc.wait) reaps the child and returns its own rusage, so every
        # stage's peak is its own, not the maximum over all children so far.
        _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        sys.stderr.write(err_path.read_text(encoding="utf-8", errors="replace"))
        raise SystemExit(f"stage {name} failed with exit status {proc.returncode}")
    data = json.loads(out_path.read_text(encoding="utf-8").strip().splitlines()[-1])
    peak_kb = usage.ru_maxrss  # kilobytes on Linux
    if sys.platform == "darwin":
        peak_kb /= 1024  # bytes on macOS
    return StageResult(
        name=name,
        seconds=float(data["seconds"]),
        records=int(data["records"]),
        unit=str(data["unit"]),
        peak_mb=peak_kb / 1024,
        wall=wall,
        detail=dict(data.get("detail", {})),
    )


def _size_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def source_label() -> str:
    """Which Crosscurrent code ran: its directory, and its git commit when it has one."""
    import importlib.util

    spec = importlib.util.find_spec("crosscurrent")
    if spec is None or spec.origin is None:
        return "crosscurrent not found"
    package = Path(spec.origin).parent
    label = str(package)
    try:
        git = ["git", "-C", str(package)]
        rev = subprocess.run(
            [*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            [*git, "status", "--porcelain", "--", "."], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return label
    return f"{label} at {rev}{' with uncommitted changes' if dirty else ''}"


def render(results: list[StageResult], work: Path, size: int, seed: int) -> str:
    by_name = {r.name: r for r in results}
    lines = [
        f"Crosscurrent pipeline benchmark: --size {size} --seed {seed}; "
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, {platform.machine()}",
        f"code: {source_label()}",
        "",
        f"{'stage':<10} {'records':>9}  {'what':<24} {'seconds':>8} {'records/s':>10} "
        f"{'peak MB':>8}",
    ]
    for r in results:
        lines.append(
            f"{r.name:<10} {r.records:>9,}  {r.unit:<24} {r.seconds:>8.2f} {r.rate:>10,.0f} "
            f"{r.peak_mb:>8.0f}"
        )
    ingest, ftm = by_name["ingest"], by_name["ftm-map"]
    ratio = ingest.seconds / ftm.seconds if ftm.seconds > 0 else float("inf")
    lines += [
        "",
        f"ratio Crosscurrent ingest / FtM mapping time: {ratio:.2f} "
        f"({ingest.seconds:.2f} s / {ftm.seconds:.2f} s on the same {ingest.records:,} rows)",
        f"output on disk: DuckDB store {_size_mb(work / 'crosscurrent.duckdb'):.1f} MB; "
        f"FtM statement JSON lines {_size_mb(work / 'ftm'):.1f} MB; "
        f"scenario files {_size_mb(work / 'scenario'):.1f} MB",
    ]
    for r in results:
        if r.detail:
            items = ", ".join(
                f"{k} {v:,}" if isinstance(v, int) else f"{k} {v}" for k, v in r.detail.items()
            )
            lines.append(f"  {r.name}: {items}")
    total = sum(r.wall for r in results)
    lines += [
        "seconds are each stage's own work, without interpreter start-up, imports and (for "
        "ingest and ftm-map alike) FtM's one-off model and territory-table loading; "
        f"the six processes took {total:.1f} s in all",
        "peak MB is each stage process's maximum resident set (ru_maxrss), imports included",
        "",
        *(f"note: {n}" for n in NOTES),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--size", type=int, default=100_000, help="about how many records")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--workdir", type=Path, help="work here and keep the files (default: a temp dir)"
    )
    parser.add_argument("--stage", choices=STAGES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.stage is not None:  # a child: do one stage, print its figures as JSON
        result = STAGE_FUNCTIONS[args.stage](args.workdir, args.size, args.seed)
        print(json.dumps(result))
        return 0

    if args.workdir is not None:
        args.workdir.mkdir(parents=True, exist_ok=True)
        if any(args.workdir.iterdir()):
            parser.error(f"--workdir {args.workdir} is not empty")
        work = args.workdir.resolve()
        cleanup = False
    else:
        work = Path(tempfile.mkdtemp(prefix="crosscurrent-bench-"))
        cleanup = True
    try:
        results = []
        for name in STAGES:
            results.append(run_stage(name, work, args.size, args.seed))
            print(f"  {name}: {results[-1].seconds:.2f} s", file=sys.stderr, flush=True)
        print(render(results, work, args.size, args.seed))
    finally:
        if cleanup:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
