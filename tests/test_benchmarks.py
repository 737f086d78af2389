"""The pipeline benchmark stays runnable: a tiny run exits 0 and prints every stage."""

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "pipeline.py"
STAGES = ("generate", "ingest", "ftm-map", "resolve", "report", "evaluate")


def test_pipeline_benchmark_runs_every_stage() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--size", "400"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    for stage in STAGES:
        assert any(line.split()[:1] == [stage] for line in lines), f"no row for {stage}"
    assert "ratio Crosscurrent ingest / FtM mapping time:" in done.stdout


def test_er_ablation_benchmark_prints_a_row_per_variant() -> None:
    script = SCRIPT.parent / "er_ablation.py"
    done = subprocess.run(
        [sys.executable, str(script), "--sets", "scenario", "--sizes", "400",
         "--variants", "full,skeleton,negative"],
        capture_output=True,
        text=True,
        timeout=180,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    rows = {line[:32].strip(): line[32:].split() for line in done.stdout.splitlines()}
    for label in ("full model", "- consonant skeletons", "- negative evidence"):
        assert label in rows, f"no row for {label}"
    assert rows["full model"][-2:] == ["+0.000", "+0.000"]
