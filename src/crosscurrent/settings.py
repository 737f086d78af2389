"""Settings read from the environment, each prefixed ``CROSSCURRENT_``."""

import os
from pathlib import Path

DEFAULT_DB = Path("data") / "crosscurrent.duckdb"
"""Where the store lives when neither ``--db`` nor ``CROSSCURRENT_DB`` says otherwise."""


def db_path(override: str | Path | None = None) -> Path:
    """The store file: the explicit override, else ``CROSSCURRENT_DB``, else the default."""
    if override:
        return Path(override)
    env = os.environ.get("CROSSCURRENT_DB")
    return Path(env) if env else DEFAULT_DB


BATCH_SIZE = int(os.environ.get("CROSSCURRENT_BATCH_SIZE", "50000"))
"""Statements buffered before they are written to the store in one insert."""
