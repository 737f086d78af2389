"""Values survive the trip file -> statements -> policy view, with what the source wrote."""

import datetime
from pathlib import Path
from typing import Any

import duckdb
import phonenumbers
import pytest
from followthemoney import registry
from followthemoney.statement.util import BASE_ID
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crosscurrent.ingest.clean import CONTROL, normal_number
from crosscurrent.store import view
from crosscurrent.store.view import Caller
from factory import AGENCY, e, load, memory_store, people_csv, write_jsonl

# Letters of the scripts partner agencies write names in. Limited to precomposed
# letters, so the only cleaning a name gets is whitespace.
SCRIPTS = [
    (0x41, 0x5A),  # Latin
    (0x61, 0x7A),
    (0xC0, 0xFF),  # Latin-1 (× and ÷ are filtered out by category)
    (0x391, 0x3C9),  # Greek
    (0x410, 0x44F),  # Cyrillic
    (0x621, 0x64A),  # Arabic
    (0x6A9, 0x6CC),  # Persian and Urdu letters
    (0x10D0, 0x10F0),  # Georgian
    (0x4E00, 0x4FFF),  # CJK
    (0xAC00, 0xAD00),  # Hangul
]
LETTER = st.one_of(
    [
        st.characters(min_codepoint=lo, max_codepoint=hi, categories=("Lu", "Ll", "Lo"))
        for lo, hi in SCRIPTS
    ]
)
WORD = st.text(LETTER, min_size=1, max_size=8)
EDGE = st.sampled_from(["", " ", "\u00a0", "\u3000"])


@st.composite
def names(draw: st.DrawFn) -> tuple[str, str]:
    """(as written, as stored): extra spaces inside and around are collapsed."""
    words = draw(st.lists(WORD, min_size=1, max_size=4))
    raw = words[0]
    for word in words[1:]:
        raw += draw(st.sampled_from([" ", "  ", " \t "])) + word
    raw = draw(EDGE) + raw + draw(EDGE)
    return raw, " ".join(words)


DATES = st.one_of(
    st.dates(datetime.date(1900, 1, 1), datetime.date(2030, 12, 31)).map(lambda d: d.isoformat()),
    st.integers(1900, 2030).map(str),
    st.tuples(st.integers(1900, 2030), st.integers(1, 12)).map(lambda t: f"{t[0]}-{t[1]:02d}"),
)

REGIONS = ["GB", "FR", "IT", "DE", "GR", "TR", "AL", "IQ", "SY", "AF", "VN", "EG", "CN"]


@st.composite
def phones(draw: st.DrawFn) -> tuple[str, str]:
    """International numbers are stored in E.164; national ones, which need the
    agency's country to read, are kept as written."""
    number = phonenumbers.example_number_for_type(
        draw(st.sampled_from(REGIONS)), phonenumbers.PhoneNumberType.MOBILE
    )
    assert number is not None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    style = draw(st.sampled_from(["international", "e164", "national"]))
    if style == "national":
        national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        return national, national
    if style == "e164":
        return e164, e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL), e164


AMOUNTS = st.decimals(-(10**9), 10**9, places=2, allow_nan=False, allow_infinity=False).flatmap(
    lambda d: st.sampled_from([f"{d:.2f}", f"{d:,.2f}", f"{int(d)}"])
)
# Control characters are removed with a warning (test_nasty_values.py), not round-tripped.
NOTES = st.text(max_size=30).filter(
    lambda t: not CONTROL.search(t) and bool(registry.text.clean_text(t.strip()))
)


def expect(raw: str, value: str) -> tuple[str, str | None]:
    """The stored value and original: the original is kept when cleaning changed it."""
    original = raw.strip()
    return value, (original if original != value else None)


Expected = dict[str, set[tuple[str, str, str | None]]]


@st.composite
def sources(draw: st.DrawFn) -> tuple[list[dict[str, Any]], Expected]:
    """Entities as a JSON-lines file holds them, and the facts the view must return."""
    entities: list[dict[str, Any]] = []
    expected: Expected = {}
    people = draw(st.integers(1, 4))
    for n in range(people):
        pid = f"p{n}.{draw(st.sampled_from(['a', 'ä', '李']))}"
        props: dict[str, list[str]] = {}
        facts: set[tuple[str, str, str | None]] = set()
        for prop, strategy in (("name", names()), ("phone", phones())):
            seen = set()
            for raw, value in draw(st.lists(strategy, min_size=1, max_size=3)):
                if value not in seen:  # one original per value, as in the source
                    seen.add(value)
                    props.setdefault(prop, []).append(raw)
                    facts.add((prop, *expect(raw, value)))
        for date in draw(st.lists(DATES, max_size=2, unique=True)):
            props.setdefault("birthDate", []).append(date)
            facts.add(("birthDate", date, None))
        for note in draw(st.lists(NOTES, max_size=1)):
            cleaned = registry.text.clean_text(note.strip())
            assert cleaned is not None
            props.setdefault("notes", []).append(note)
            facts.add(("notes", *expect(note, cleaned)))
        entities.append({"id": pid, "schema": "Person", "properties": props})
        expected[pid] = facts
    for n in range(draw(st.integers(0, 2))):
        payer, beneficiary = (entities[draw(st.integers(0, people - 1))]["id"] for _ in "pb")
        amount, date = draw(AMOUNTS), draw(DATES)
        entities.append(e("Payment", f"pay{n}", payer=payer, beneficiary=beneficiary,
                          amount=amount, date=date, currency="EUR"))  # fmt: skip
        expected[f"pay{n}"] = {
            ("payer", view.canonical_id(("rt", payer)), None),  # the view gives canonical ids
            ("beneficiary", view.canonical_id(("rt", beneficiary)), None),
            ("amount", *expect(amount, normal_number(amount))),
            ("date", date, None),
            ("currency", "EUR", None),
        }
    return entities, expected


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sources())
def test_jsonl_round_trip_through_the_policy_view(
    tmp_path_factory: pytest.TempPathFactory, source: tuple[list[dict[str, Any]], Expected]
) -> None:
    entities, expected = source
    path = write_jsonl(tmp_path_factory.mktemp("rt") / "rt.jsonl", entities)
    con = memory_store(AGENCY)
    report = load(con, path, "rt")
    assert report.problems == []
    assert (report.rows, report.entities) == (len(entities), len(entities))

    # People sharing a phone and a name are one entity: references name the cluster.
    canon = view.clusters(con, Caller(AGENCY))
    own = {view.canonical_id(key): cluster for key, cluster in canon.items()}
    expected = {
        pid: {(p, own.get(v, v) if p in ("payer", "beneficiary") else v, o) for p, v, o in facts}
        for pid, facts in expected.items()
    }
    found: Expected = {}
    for entity in view.entities(con, Caller(AGENCY), canon):
        for stmt in entity.statements:
            if stmt.prop == BASE_ID:
                continue  # FtM's own checksum statement, made up by StatementEntity
            assert (stmt.dataset, stmt.origin) == ("rt", AGENCY)
            assert entity.id == canon[("rt", stmt.entity_id)]
            assert stmt.first_seen is not None and stmt.first_seen == stmt.last_seen
            found.setdefault(str(stmt.entity_id), set()).add(
                (stmt.prop, stmt.value, stmt.original_value)
            )
    assert found == expected
    # Every entity also has the "id" statement that records it exists.
    ids = view.statements(con, Caller(AGENCY), "entity_id, value", f"prop = '{BASE_ID}'")
    assert sorted(ids.fetchall()) == sorted((i, i) for i in expected)
    con.close()


def stored(con: duckdb.DuckDBPyConnection, entity_id: str) -> set[tuple[str, str, str | None]]:
    found = con.execute(
        "SELECT prop, value, original_value FROM statement WHERE entity_id = ? AND prop != 'id'",
        [entity_id],
    ).fetchall()
    return {(str(p), str(v), o) for p, v, o in found}


def test_csv_values_keep_the_original_where_cleaning_changed_them(
    con: duckdb.DuckDBPyConnection, src: Path
) -> None:
    path, mapping = people_csv(
        src,
        [
            ["p1", "Anna  Rossi", "12/03/1990", "+44 20 7946 0958"],
            ["p2", "Олег Петров", "1990-03-12", "020 7946 0958"],
            ["p3", "محمد علي", "", "+447400123456"],
        ],
    )
    load(con, path, mapping=mapping)
    assert stored(con, "p1") == {
        ("name", "Anna Rossi", "Anna  Rossi"),
        ("birthDate", "1990-03-12", "12/03/1990"),
        ("phone", "+442079460958", "+44 20 7946 0958"),
    }
    assert stored(con, "p2") == {
        ("name", "Олег Петров", None),
        ("birthDate", "1990-03-12", None),  # ISO text is taken whatever the column format
        ("phone", "020 7946 0958", None),  # national: kept for the resolver to read
    }
    assert stored(con, "p3") == {("name", "محمد علي", None), ("phone", "+447400123456", None)}
    rows = con.execute("SELECT DISTINCT dataset, agency FROM statement").fetchall()
    assert rows == [("ds", AGENCY)]
