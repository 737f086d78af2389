"""The command line: one verb per step of the flow (ingest, resolve, export, report).

Commands without ``--as`` act as the local operator, who administers, loads,
resolves and verifies but reads no content; reading content needs ``--as`` an
agency or a user, and a case reference, and is audited.
"""

from crosscurrent.cli import (  # noqa: F401 (importing registers the commands)
    admin,
    audit,
    data,
    judge,
    network,
    read,
    serve,
    situation,
)
from crosscurrent.cli.util import main

__all__ = ["main"]
