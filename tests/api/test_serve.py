"""``crosscurrent serve`` hands the app to uvicorn on the address asked for."""

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import crosscurrent.cli.serve  # noqa: F401 (registers the command until cli/__init__ does)
from crosscurrent.cli import main


def test_serve_runs_uvicorn_on_localhost_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr("uvicorn.run", lambda app, **kw: calls.append({"app": app, **kw}))
    store = str(tmp_path / "s.duckdb")
    result = CliRunner().invoke(main, ["--db", store, "serve"])
    assert result.exit_code == 0, result.output
    assert calls[0]["host"] == "127.0.0.1" and calls[0]["port"] == 8000
    assert calls[0]["app"].title == "Crosscurrent"
    result = CliRunner().invoke(main, ["--db", store, "serve", "--host", "0.0.0.0", "--port", "9"])
    assert (calls[1]["host"], calls[1]["port"]) == ("0.0.0.0", 9)
    assert "HTTPS" in result.output
