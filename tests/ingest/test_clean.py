"""Cleaning one raw value for its property: what is kept, changed or dropped, and why."""

import pytest
from followthemoney import model

from crosscurrent.ingest.clean import clean_value

DROPPED = "value dropped, the rest of the row loaded"
CHANGED = "value loaded changed, the original kept"
LONG = "Anna Maria " * 1000  # 11,000 characters

CLEAN = [
    # (schema:property, raw, format, cleaned, what the warning says; None: no warning)
    ("Person:birthDate", "12/03/1990", "%d/%m/%Y", "1990-03-12", None),
    ("Person:birthDate", "1990-03-12", "%d/%m/%Y", "1990-03-12", None),  # typed Excel date
    (
        "Person:birthDate",
        "31/02/1990",
        "%d/%m/%Y",
        None,
        f"not a valid date: '31/02/1990' (expected format %d/%m/%Y); {DROPPED}",
    ),
    ("Person:birthDate", "1990-02-31", None, None, f"not a valid date: '1990-02-31'; {DROPPED}"),
    ("Person:birthDate", "1856-86-18", None, None, "not a valid date: '1856-86-18'"),
    ("Person:birthDate", "😀", None, None, "not a valid date: '😀'"),
    ("Person:birthDate", "1990", None, "1990", None),
    ("Person:birthDate", "   ", None, None, None),  # empty is no value, not a problem
    ("Person:birthDate", "", None, None, None),
    ("Person:birthDate", "1990-03-12\x00", None, "1990-03-12", "1 control character (U+0000)"),
    # Amounts become plain decimals so agencies' figures compare; originals are kept.
    ("Payment:amount", "1,500.00", None, "1500.00", None),
    ("Payment:amount", "-20", None, "-20", None),
    ("Payment:amount", "100 EUR", None, "100", None),
    ("Payment:amount", "€ 250", None, "250", None),
    ("Payment:amount", "1950,00", None, "1950.00", None),  # a decimal comma
    ("Payment:amount", "1.500,50", None, "1500.50", None),
    ("Payment:amount", "1,500", None, "1500", None),  # a lone comma before 3 digits: thousands
    ("Payment:amount", "12,O00", None, None, f"not a valid number: '12,O00'; {DROPPED}"),
    ("Payment:amount", "abc", None, None, "not a valid number: 'abc'"),
    ("Payment:amount", "10-20", None, None, "not a valid number: '10-20'"),
    ("Person:nationality", "France", None, "fr", None),
    ("Person:nationality", "Narnia", None, None, "not a valid country: 'Narnia'"),
    ("Person:email", "anna@example.org", None, "anna@example.org", None),
    ("Person:email", "anna at example", None, None, "not a valid email: 'anna at example'"),
    ("Person:gender", "F", None, "female", None),
    ("Person:gender", "🦄", None, None, "not a valid gender: '🦄'"),
    ("Person:topics", "boss", None, None, "not a valid topic: 'boss'"),  # was dropped silently
    ("Person:phone", "+44 20 7946 0958", None, "+442079460958", None),
    ("Person:phone", "020  7946 0958", None, "020 7946 0958", None),  # kept, spaces tidied
    ("Person:idNumber", " AB 12 ", None, "AB 12", None),
    ("Person:name", "  Олег   Петров ", None, "Олег Петров", None),
    ("Payment:payer", " p1 ", None, "p1", None),  # entity ids are taken as given
    # Names as partner agencies and broken exports write them.
    ("Person:name", "Олег Smith 李小龍", None, "Олег Smith 李小龍", None),  # mixed scripts: kept
    ("Person:name", "Аnna Rossi", None, "Аnna Rossi", None),  # a Cyrillic А: kept as written
    # Emoji are kept; FtM drops zero-width characters (the joiners too) from names.
    ("Person:name", "😀 Anna 👩\u200d👧", None, "😀 Anna 👩👧", None),
    ("Person:name", "Anna\u200bRossi", None, "AnnaRossi", None),  # FtM's own: zero width
    ("Person:name", "Anna\tRossi\r\n", None, "Anna Rossi", None),  # whitespace, not control
    (
        "Person:name",
        "Anna\x00Rossi",
        None,
        "AnnaRossi",
        f"1 control character (U+0000) removed in 'Anna\\x00Rossi'; {CHANGED}",
    ),
    (
        "Person:name",
        "\x1b[31mAnna\x1b[0m \u202eissoR",
        None,
        "[31mAnna[0m issoR",
        "3 control characters (U+001B, U+202E) removed in",
    ),
    ("Person:name", "\x00\x07", None, None, f"only control characters: '\\x00\\x07'; {DROPPED}"),
    ("Person:name", "\u200b", None, None, f"not a valid name: '\\u200b'; {DROPPED}"),
    (
        "Person:name",
        LONG,
        None,
        LONG[:384].rstrip(),
        "cut to 384 characters, the longest a name may be in 'Anna Maria Anna Maria",
    ),
    ("Person:name", LONG, None, LONG[:384].rstrip(), "... (10,999 characters); " + CHANGED),
    ("Person:notes", "line one\nline two\x07", None, "line one\nline two", "(U+0007) removed"),
    ("Person:birthDate", "9" * 10_000, None, None, "999'... (10,000 characters); "),
]


@pytest.mark.parametrize(("qname", "raw", "fmt", "cleaned", "warning"), CLEAN)
def test_clean_value(
    qname: str, raw: str, fmt: str | None, cleaned: str | None, warning: str | None
) -> None:
    schema, name = qname.split(":")
    prop = model.schemata[schema].properties[name]
    value, problem = clean_value(prop, raw, fmt)
    assert value == cleaned
    if warning is None:
        assert problem is None
    else:
        assert problem is not None and warning in problem
        assert "\n" not in problem and len(problem) < 300  # one readable line
        assert problem.endswith(DROPPED if value is None else CHANGED)
