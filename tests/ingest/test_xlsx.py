"""Excel workbooks: typed cells become the text FtM cleans, through a mapping."""

import datetime
import io
import zipfile
from pathlib import Path
from typing import Any

import duckdb
import openpyxl
import pytest

from crosscurrent.ingest.tabular import _cell
from factory import load, quarantined, write_text

MAPPING = """\
entities:
  person:
    schema: Person
    id_column: id
    properties:
      name: {column: name}
      birthDate: {column: born, format: "%d/%m/%Y"}
      phone: {column: phone}
      idNumber: {column: card}
  payment:
    schema: Payment
    id_column: payment
    properties:
      amount: {column: amount}
      date: {column: paid}
      payer: {entity: person}
"""

HEADER = ["id", "name", "born", "phone", "card", "payment", "amount", "paid"]
ROWS: list[list[Any]] = [
    # typed date, integer-like float ids/amounts, a phone stored as a number
    [1001.0, "Anna Rossi", datetime.date(1990, 3, 12), 447400123456.0, 123456789.0, 5001.0,
     1500.0, datetime.datetime(2024, 5, 1, 13, 45)],
    [None] * 8,  # an empty row: skipped, still counted as a row of the sheet
    ["p2", "Олег Петров", "12/03/1990", "+44 7400 123456", "AB-12", "t2", 99.5,
     datetime.datetime(2024, 5, 2)],
    ["p3", "Chen Li", "31/02/1990", None, None, None, None, None],
]  # fmt: skip


def save(path: Path, rows: list[list[Any]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    # Excel and LibreOffice can write whole numbers as floats ("1001.0", "1.5E3");
    # openpyxl writes "1001", so the file is rewritten the way they would.
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                for plain, written in (
                    (b"<v>1001</v>", b"<v>1001.0</v>"),
                    (b"<v>5001</v>", b"<v>5.001E3</v>"),
                    (b"<v>1500</v>", b"<v>1.5E3</v>"),
                    (b"<v>447400123456</v>", b"<v>447400123456.0</v>"),
                ):
                    assert plain in data
                    data = data.replace(plain, written)
            zout.writestr(item, data)
    path.write_bytes(out.getvalue())
    return path


def test_workbook_loads_through_a_mapping(con: duckdb.DuckDBPyConnection, src: Path) -> None:
    path = save(src / "people.xlsx", ROWS)
    mapping = write_text(src / "mapping.yml", MAPPING)
    report = load(con, path, mapping=mapping)
    assert report.rows == 3  # the empty row is not a record
    found = con.execute(
        "SELECT entity_id, prop, value, original_value FROM statement WHERE prop != 'id'"
    ).fetchall()
    assert set(found) == {
        ("1001", "name", "Anna Rossi", None),
        ("1001", "birthDate", "1990-03-12", None),  # a typed date, whatever the format says
        ("1001", "phone", "447400123456", None),  # no "+": kept as written for the resolver
        ("1001", "idNumber", "123456789", None),
        ("5001", "amount", "1500", None),
        ("5001", "date", "2024-05-01T13:45:00", None),
        ("5001", "payer", "1001", None),
        ("p2", "name", "Олег Петров", None),
        ("p2", "birthDate", "1990-03-12", "12/03/1990"),  # text in the column's format
        ("p2", "phone", "+447400123456", "+44 7400 123456"),
        ("p2", "idNumber", "AB-12", None),
        ("t2", "amount", "99.5", None),
        ("t2", "date", "2024-05-02", None),
        ("t2", "payer", "p2", None),
        ("p3", "name", "Chen Li", None),  # loaded without the date that cannot be
    }
    # Row numbers as Excel shows them: the header is row 1, the empty row is row 3.
    assert quarantined(con) == [
        (
            str(path),
            5,
            "born",
            "not a valid date: '31/02/1990' (expected format %d/%m/%Y); "
            "value dropped, the rest of the row loaded",
        )
    ]
    assert report.quarantined_rows == 0 and report.warnings == 1


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        (None, None),
        ("  as written ", "  as written "),
        (1001, "1001"),
        (1001.0, "1001"),
        (1.5e3, "1500"),
        (-20.0, "-20"),
        (99.5, "99.5"),
        (datetime.date(1990, 3, 12), "1990-03-12"),
        (datetime.datetime(1990, 3, 12), "1990-03-12"),
        (datetime.datetime(1990, 3, 12, 8, 30), "1990-03-12T08:30:00"),
    ],
)
def test_cell_to_text(cell: Any, text: str | None) -> None:
    assert _cell(cell) == text
