"""A file that cannot be read as a whole gives one clear error naming it, and
stores nothing: no statement, load, quarantine row or dataset."""

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
import openpyxl
import pytest
from click.testing import Result

from crosscurrent.errors import UnknownAgency, UnreadableFile
from factory import PERSON_MAPPING, e, load, snapshot, write_jsonl

GOOD_CSV = "id,name,dob,phone\np1,Anna Rossi,12/03/1990,+44 20 7946 0958\np2,José Díaz,,\n"
GOOD_JSONL = "".join(
    line + "\n"
    for line in (
        '{"id": "p1", "schema": "Person", "properties": {"name": ["Anna Rossi"]}}',
        '{"id": "p2", "schema": "Person", "properties": {"name": ["José Díaz"]}}',
        '{"id": "p3", "schema": "Person", "properties": {"name": ["Chen Li"]}}',
    )
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)) * 4


@cache
def workbook(rows: int = 2) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "name", "dob", "phone"])
    for n in range(rows):
        sheet.append([f"p{n}", f"Person {n}", "12/03/1990", None])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


@cache
def damaged_sheet() -> bytes:
    """A sound zip whose sheet XML stops halfway: only reading past the header finds it."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook(3000))) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            zout.writestr(item, data)
    return out.getvalue()


def empty_workbook() -> bytes:
    buf = io.BytesIO()
    openpyxl.Workbook().save(buf)
    return buf.getvalue()


@dataclass(frozen=True)
class Bad:
    """A whole-file failure: the file to load, its mapping, and the error expected."""

    name: str
    content: bytes | Callable[[], bytes] | None
    """The file's bytes; None: the file does not exist."""
    reason: str
    """A fragment of the error's reason."""
    mapping: str | None = None
    """Mapping YAML; ``"missing"`` names a mapping file that does not exist."""
    blame_mapping: bool = False
    """The error names the mapping file rather than the data file."""

    def write(self, src: Path) -> tuple[Path, Path | None, Path]:
        path = src / self.name
        content = self.content() if callable(self.content) else self.content
        if content is not None:
            path.write_bytes(content)
        mapping = None
        if self.mapping is not None:
            mapping = src / "mapping.yml"
            if self.mapping != "missing":
                mapping.write_text(self.mapping, encoding="utf-8")
        blamed = mapping if self.blame_mapping and mapping is not None else path
        return path, mapping, blamed


TAIL = "p{n},Person {n},12/03/1990,\n"
BAD = [
    Bad("latin1.csv", GOOD_CSV.encode("latin-1"), "not UTF-8 text (byte 0xe9", PERSON_MAPPING),
    Bad(
        "latin1-late.csv",  # past the 64 KiB the reader checks up front
        (GOOD_CSV + "".join(TAIL.format(n=n) for n in range(3, 3000))).encode() + b"p9,Jos\xe9,,\n",
        "line 3001, byte 0xe9: not UTF-8 text",
        PERSON_MAPPING,
    ),
    Bad("latin1.jsonl", GOOD_JSONL.encode("latin-1"), "line 2: not UTF-8 text"),
    Bad("picture.csv", PNG, "not a CSV file (binary content)", PERSON_MAPPING),
    Bad("picture.jsonl", PNG, "line 1: not UTF-8 text"),
    Bad("empty.csv", b"", "empty file", PERSON_MAPPING),
    Bad("blank.csv", b"\n \n\n", "empty file", PERSON_MAPPING),
    Bad("empty.jsonl", b"", "empty file"),
    Bad("blank.jsonl", b"\n\n", "empty file"),
    Bad("cut.jsonl", GOOD_JSONL.encode()[:-20], "line 3: truncated JSON"),
    Bad(
        "people.csv",
        b"id,name\np1,Anna Rossi\n",
        "columns named in the mapping are missing: ['dob', 'phone']",
        PERSON_MAPPING,
    ),
    Bad("people.csv", GOOD_CSV.encode(), "cannot read mapping", "entities: [\n", True),
    Bad("people.csv", GOOD_CSV.encode(), "cannot read mapping", "missing", True),
    Bad("people.csv", GOOD_CSV.encode(), "invalid mapping", "entities: [person]\n", True),
    Bad("people.csv", GOOD_CSV.encode(), "invalid mapping", "queries: [one, two]\n", True),
    Bad(
        "people.csv",
        GOOD_CSV.encode(),
        "invalid mapping: Invalid schema: Smuggler",
        PERSON_MAPPING.replace("Person", "Smuggler"),
        True,
    ),
    Bad(
        "people.csv",
        GOOD_CSV.encode(),
        "invalid mapping: Invalid property: shoeSize",
        PERSON_MAPPING.replace("phone:", "shoeSize:"),
        True,
    ),
    Bad("people.csv", GOOD_CSV.encode(), "'queries' or 'entities'", "just a string\n", True),
    Bad("people.xlsx", PNG, "not a readable Excel workbook", PERSON_MAPPING),
    Bad("cut.xlsx", lambda: workbook()[:1500], "not a readable Excel workbook", PERSON_MAPPING),
    Bad("damaged.xlsx", damaged_sheet, "not a readable Excel workbook", PERSON_MAPPING),
    Bad("empty.xlsx", empty_workbook, "empty workbook", PERSON_MAPPING),
    Bad("people.pdf", GOOD_CSV.encode(), "unknown file type '.pdf'", PERSON_MAPPING),
    Bad("people.csv", GOOD_CSV.encode(), "needs --mapping"),
    Bad("people.jsonl", GOOD_JSONL.encode(), "need no mapping", PERSON_MAPPING),
    Bad("absent.csv", None, "no such file", PERSON_MAPPING),
]
IDS = [
    "latin1-csv",
    "latin1-csv-past-64k",
    "latin1-jsonl",
    "binary-as-csv",
    "binary-as-jsonl",
    "empty-csv",
    "blank-csv",
    "empty-jsonl",
    "blank-jsonl",
    "truncated-jsonl",
    "mapping-names-missing-column",
    "mapping-invalid-yaml",
    "mapping-file-missing",
    "mapping-entities-is-a-list",
    "mapping-queries-are-strings",
    "mapping-unknown-schema",
    "mapping-unknown-property",
    "mapping-not-an-object",
    "corrupt-xlsx",
    "truncated-xlsx",
    "xlsx-sheet-damaged-past-header",
    "empty-xlsx",
    "unknown-extension",
    "csv-without-mapping",
    "jsonl-with-mapping",
    "no-such-file",
]
assert len(IDS) == len(BAD)


@pytest.fixture
def loaded(con: duckdb.DuckDBPyConnection, src: Path) -> duckdb.DuckDBPyConnection:
    """A store that already holds a dataset, with a quarantined row and a dropped value."""
    good = write_jsonl(
        src / "earlier.jsonl",
        [
            e("Person", "p1", name="Anna Rossi"),
            e("Person", "p2", birthDate="not a date"),
            e("Smuggler", "p3", name="Bob"),
        ],
    )
    report = load(con, good, "ds")
    assert report.statements_new == 3 and report.quarantined_rows == 1 and report.warnings == 1
    return con


@pytest.mark.parametrize("bad", BAD, ids=IDS)
def test_unreadable_file_stores_nothing(
    loaded: duckdb.DuckDBPyConnection, src: Path, bad: Bad
) -> None:
    path, mapping, blamed = bad.write(src)
    before = snapshot(loaded)
    for dataset in ("ds", "fresh"):  # an existing dataset, and one the load would create
        with pytest.raises(UnreadableFile) as exc:
            load(loaded, path, dataset, mapping=mapping)
        assert exc.value.path == str(blamed)
        assert str(exc.value).startswith(f"{blamed}: ")
        assert bad.reason in exc.value.reason
        assert "\n" not in str(exc.value)
        assert snapshot(loaded) == before


CLI_BAD = [(b, i) for b, i in zip(BAD, IDS, strict=True) if i != "no-such-file"]


@pytest.mark.parametrize("bad", [b for b, _ in CLI_BAD], ids=[i for _, i in CLI_BAD])
def test_cli_reports_one_line_and_exit_status_1(
    loaded: duckdb.DuckDBPyConnection, src: Path, cli: Callable[..., Result], bad: Bad
) -> None:
    path, mapping, blamed = bad.write(src)
    before = snapshot(loaded)
    args = ["ingest", str(path), "--dataset", "fresh", "--agency", "uk-nca"]
    result = cli(*args, *(["--mapping", str(mapping)] if mapping else []))
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: {blamed}: ")
    assert bad.reason in result.stderr
    assert result.stderr.count("\n") == 1
    assert snapshot(loaded) == before


def test_unknown_agency_stores_nothing(
    loaded: duckdb.DuckDBPyConnection, src: Path, cli: Callable[..., Result]
) -> None:
    path = write_jsonl(src / "people.jsonl", [e("Person", "p9", name="Lena Berg")])
    before = snapshot(loaded)
    with pytest.raises(UnknownAgency, match="'XX-NONE'"):
        load(loaded, path, "fresh", agency="XX-NONE")
    result = cli("ingest", str(path), "--dataset", "fresh", "--agency", "xx-none")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: unknown agency 'XX-NONE'")
    assert result.stderr.count("\n") == 1
    assert snapshot(loaded) == before
