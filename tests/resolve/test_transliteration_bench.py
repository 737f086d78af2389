"""benchmarks/transliteration.py stays runnable and keeps saying the two agree."""

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "transliteration.py"


def test_the_benchmark_compares_every_kind_of_name_and_finds_them_equal() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--names", "400"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("400 distinct scenario names")
    for kind in ("ASCII", "Latin with marks", "other scripts", "all"):
        row = next(line for line in lines if line.startswith(kind))
        assert int(row[20:].split()[0].replace(",", "")) > 0, row
    assert lines[-1] == "every output the same: True"
