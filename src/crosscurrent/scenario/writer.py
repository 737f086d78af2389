"""Streaming writers for the three export formats, byte-identical per seed.

Rows go straight to disk (CSV, JSON lines) or to openpyxl's write-only
worksheet, which spools to a temporary file, so memory does not grow with
the number of rows.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook

# openpyxl stamps the workbook and every zip member with the wall clock;
# these replace the stamps so that the same seed gives the same bytes.
FIXED_STAMP = "2024-10-01T00:00:00Z"
ZIP_TIME = (2024, 10, 1, 0, 0, 0)
_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


class TableWriter:
    """Writes the rows of one file; `records` counts them."""

    def __init__(self, path: Path, fmt: str, columns: tuple[str, ...], delimiter: str) -> None:
        self.path = path
        self.fmt = fmt
        self.columns = columns
        self.records = 0
        path.parent.mkdir(parents=True, exist_ok=True)
        self._fh: IO[str] | None = None
        self._csv: Any = None
        self._book: Workbook | None = None
        self._sheet: Any = None
        if fmt == "csv":
            self._fh = path.open("w", encoding="utf-8", newline="")
            self._csv = csv.writer(self._fh, delimiter=delimiter)
            self._csv.writerow(columns)
        elif fmt == "jsonl":
            self._fh = path.open("w", encoding="utf-8")
        elif fmt == "xlsx":
            self._book = Workbook(write_only=True)
            self._sheet = self._book.create_sheet(title="Export")
            self._sheet.append(list(columns))
        else:
            raise ValueError(f"Unknown format: {fmt}")

    def row(self, values: dict[str, str]) -> None:
        """Write a CSV or XLSX row; absent columns are written empty."""
        cells = [values.get(c, "") for c in self.columns]
        if self._csv is not None:
            self._csv.writerow(cells)
        else:
            # Strings only: openpyxl would otherwise turn dates and numbers
            # into typed cells and lose the agency's own formatting.
            self._sheet.append(cells)
        self.records += 1

    def entity(self, data: dict[str, Any]) -> None:
        assert self._fh is not None and self.fmt == "jsonl"
        self._fh.write(json.dumps(data, ensure_ascii=False, sort_keys=True))
        self._fh.write("\n")
        self.records += 1

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
        if self._book is not None:
            buffer = io.BytesIO()
            self._book.save(buffer)
            self.path.write_bytes(_pin_zip(buffer.getvalue()))


def _pin_zip(data: bytes) -> bytes:
    """Rewrite an xlsx archive with fixed time stamps."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _CORE_DATES.sub(rb"\g<1>" + FIXED_STAMP.encode() + rb"\g<2>", content)
            pinned = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            pinned.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(pinned, content)
    return out.getvalue()
