"""The Montagna benchmark reproduces the published figures (skipped without the data)."""

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "network_montagna.py"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("network_montagna", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench = _bench()
needs_data = pytest.mark.skipif(
    not (bench.DATA / "meetings_edgelist.csv").exists(), reason="no Montagna data in ../shared"
)


@needs_data
@pytest.mark.parametrize("name", ["meetings", "phonecalls"])
def test_sequential_betweenness_curve_is_the_published_one(name: str) -> None:
    graph = bench.load(bench.DATA, name)
    published = bench.reference(bench.DATA, name)["Betweenness"]
    ours = bench.sequential(graph, bench.top_betweenness, len(published) - 1)
    assert ours == pytest.approx(published, abs=1e-9)


@needs_data
def test_kpp_neg_reaches_the_anchor_on_phone_calls() -> None:
    _, f = bench.kpp_neg(bench.load(bench.DATA, "phonecalls"), 5)
    assert f >= 0.932


def test_the_script_skips_cleanly_without_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert bench.main(["all", "--data", str(tmp_path)]) == 0
    assert "skipped" in capsys.readouterr().out
