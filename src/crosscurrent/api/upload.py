"""Loading an uploaded file as one agency's dataset, with its collection entry.

The file is written to a private temporary directory under a safe name (the
load keeps the name, and the audit entry holds only ids), loaded in one
transaction with its audit entry, and deleted.
"""

import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
from fastapi import UploadFile
from normality import safe_filename

from crosscurrent.api.errors import BadRequest, UploadTooLarge
from crosscurrent.api.state import AppState
from crosscurrent.errors import UnreadableFile
from crosscurrent.ingest.loader import LoadReport, ingest_file
from crosscurrent.model.markings import Handling, Marking
from crosscurrent.share import audit
from crosscurrent.store import registry
from crosscurrent.store.view import Caller

MAX_BYTES = 200 * 1024 * 1024
"""Larger files are for the operator's `crosscurrent ingest`."""
CHUNK = 1 << 20
DATASET_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,99}")


@dataclass(frozen=True)
class Upload:
    path: Path
    mapping: Path | None


def dataset_name(requested: str, agency: str) -> str:
    """An agency's datasets are named after it (``uk-nca-...``): no upload can land in,
    or learn of, another agency's dataset by picking its name."""
    name = requested.strip().lower()
    prefix = agency.lower() + "-"
    if not DATASET_NAME.fullmatch(name) or not name.startswith(prefix) or name == prefix:
        raise BadRequest(
            f"a dataset name of {agency} starts with {prefix!r} and continues with "
            "lower-case letters, digits, '-' or '_'"
        )
    return name


def _save(upload: UploadFile, directory: Path, default: str) -> Path:
    name = safe_filename(Path(upload.filename or default).name, default=default) or default
    target = directory / name
    size = 0
    with target.open("wb") as out:
        while block := upload.file.read(CHUNK):
            size += len(block)
            if size > MAX_BYTES:
                raise UploadTooLarge()
            out.write(block)
    return target


@contextmanager
def saved(file: UploadFile, mapping: UploadFile | None) -> Iterator[Upload]:
    """The upload (and its mapping) on disk for as long as the block runs."""
    with tempfile.TemporaryDirectory(prefix="crosscurrent-upload-") as name:
        workdir = Path(name)
        data = _save(file, workdir, "upload.jsonl")
        rules = None
        if mapping is not None:  # a directory of its own: the two may share a name
            (workdir / "mapping").mkdir()
            rules = _save(mapping, workdir / "mapping", "mapping.yml")
        yield Upload(data, rules)


def load(
    state: AppState,
    con: duckdb.DuckDBPyConnection,
    caller: Caller,
    upload: Upload,
    dataset: str,
    marking: Marking,
    handling_text: str | None,
) -> LoadReport:
    """Load in one transaction with the collection entry (and the H3 text)."""
    path = upload.path
    current = registry.dataset_marking(con, dataset)
    if current is not None and current.originator != marking.originator:
        raise BadRequest("this dataset name is not available")  # says no more than that
    if marking.handling == Handling.H3 and not handling_text:
        raise BadRequest("an H3 marking needs its restrictions in handling_text")

    def before_commit(report: LoadReport) -> None:
        if handling_text:
            registry.set_dataset_options(con, dataset, handling_text=handling_text)
        audit.append(
            con, caller.label, caller.agency, "collection", [dataset], None,
            {"file": path.name, "rows": report.rows, "statements_new": report.statements_new,
             "quarantined": report.quarantined_rows, "agency": marking.originator},
            key=state.audit_key, every=1,
        )  # fmt: skip

    # The whole load holds the audit lock: its entry joins a transaction that
    # began before any entry appended meanwhile (see AppState.audit_lock).
    with state.audit_lock:
        try:
            return ingest_file(con, path, dataset, marking, upload.mapping, None, before_commit)
        except UnreadableFile as exc:
            # Named as uploaded, without the temporary directory it was saved in.
            reason = exc.reason.replace(str(path.parent) + "/", "")
            raise BadRequest(f"{Path(exc.path).name}: {reason}") from None
