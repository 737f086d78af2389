"""CSV and Excel readers: rows as dicts keyed by the header, with their row numbers."""

import csv
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from crosscurrent.errors import UnreadableFile

Row = tuple[int, dict[str, Any], str | None]
"""(row number as a spreadsheet shows it, record, structural problem)."""

DELIMITERS = ",;\t|"


def _check_text(path: Path) -> str:
    """Read the head of the file to reject binary or non-UTF-8 input before loading."""
    with path.open("rb") as fh:
        head = fh.read(65536)
    nuls = head.count(b"\x00")
    # Binary files have NUL bytes throughout; a stray one in a text export is a bad
    # value, removed with a warning when the value is cleaned.
    if nuls > 2 and nuls * 1000 > len(head):
        raise UnreadableFile(str(path), "not a CSV file (binary content)")
    try:
        return head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not merely a character cut at the block end
            raise UnreadableFile(
                str(path), f"not UTF-8 text (byte 0x{head[exc.start]:02x} at offset {exc.start})"
            ) from None
        return head[: exc.start].decode("utf-8-sig")


def _dialect(sample: str, path: Path) -> type[csv.Dialect] | csv.Dialect:
    first = sample.splitlines()[0] if sample.strip() else ""
    if not first.strip():
        raise UnreadableFile(str(path), "empty file: no header row")
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS)
    except csv.Error:
        return csv.excel


class TabularFile:
    """A CSV or Excel file opened for reading: its header, then its rows."""

    def __init__(self, header: list[str], rows: Iterator[Row]) -> None:
        self.header = header
        self.rows = rows


def read_csv(path: Path, progress: Callable[[int], None] | None = None) -> TabularFile:
    """Open a CSV file; the header is row 1, so data starts at row 2."""
    dialect = _dialect(_check_text(path), path)
    fh = path.open(encoding="utf-8-sig", newline="")
    reader = csv.reader(_counting(fh, progress), dialect)
    try:
        header = [h.strip() for h in next(reader, [])]
    except (UnicodeDecodeError, csv.Error) as exc:
        fh.close()
        raise UnreadableFile(str(path), f"not a readable CSV file: {exc}") from None
    if not any(header):
        fh.close()
        raise UnreadableFile(str(path), "empty file: no header row")
    return TabularFile(header, _csv_rows(path, fh, reader, header))


def _csv_rows(path: Path, fh: Any, reader: Any, header: list[str]) -> Iterator[Row]:
    number = 1
    try:
        # Count records, not lines (``reader.line_num``): a quoted cell may span
        # lines, and a spreadsheet shows it as one row.
        for number, record in enumerate(reader, start=2):
            if not any(cell.strip() for cell in record):
                continue
            problem = None
            if len(record) != len(header):
                problem = f"row has {len(record)} fields, the header has {len(header)}"
            yield number, dict(zip(header, record, strict=False)), problem
    # The reader stops here: the rest of the file cannot be told apart into rows.
    except UnicodeDecodeError as exc:
        # Text is decoded a block ahead of the rows read: find the line by its bytes.
        raise UnreadableFile(str(path), f"{_bad_line(path)}not UTF-8 text ({exc.reason})") from None
    except csv.Error as exc:
        raise UnreadableFile(
            str(path), f"row {number + 1}: not a readable CSV file: {exc}"
        ) from None
    finally:
        fh.close()


def _bad_line(path: Path) -> str:
    """Where the first byte that is not UTF-8 is ("line 3001, byte 0xe9: "), or ""."""
    with path.open("rb") as fh:
        for number, line in enumerate(fh, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as exc:
                return f"line {number}, byte 0x{line[exc.start]:02x}: "
    return ""


def _counting(lines: Any, progress: Callable[[int], None] | None) -> Iterator[str]:
    for line in lines:
        if progress is not None:
            progress(len(line))
        yield line


def read_xlsx(path: Path, progress: Callable[[int], None] | None = None) -> TabularFile:
    """Open the first sheet of an Excel workbook; row 1 is the header."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    # openpyxl raises zipfile, XML and its own errors for a damaged workbook alike.
    except Exception as exc:
        raise UnreadableFile(str(path), f"not a readable Excel workbook: {exc}") from None
    if not any(header):
        book.close()
        raise UnreadableFile(str(path), "empty workbook: no header row")
    return TabularFile(header, _xlsx_rows(path, book, rows, header, progress))


def _xlsx_rows(
    path: Path,
    book: Any,
    rows: Iterator[Any],
    header: list[str],
    progress: Callable[[int], None] | None,
) -> Iterator[Row]:
    try:
        # A read-only workbook parses the sheet as it goes, so damage past the
        # header only shows here.
        for number, values in _guarded(path, enumerate(rows, start=2)):
            if progress is not None:
                progress(1)
            if all(v is None or str(v).strip() == "" for v in values):
                continue
            record = {h: _cell(v) for h, v in zip(header, values, strict=False) if h}
            yield number, record, None
    finally:
        book.close()


def _guarded(path: Path, rows: Iterator[tuple[int, Any]]) -> Iterator[tuple[int, Any]]:
    while True:
        try:
            item = next(rows)
        except StopIteration:
            return
        # As when opening: zipfile, XML and openpyxl errors alike mean a damaged workbook.
        except Exception as exc:
            raise UnreadableFile(str(path), f"not a readable Excel workbook: {exc}") from None
        yield item


def _cell(value: Any) -> str | None:
    """Excel gives typed cells; FtM cleans text, so dates become ISO strings."""
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        text: str = value.isoformat()
        return text[:10] if text.endswith("T00:00:00") else text
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
