"""The search index finds every entity a full scan would, whatever the names."""

from followthemoney.statement import StatementEntity
from hypothesis import given, settings
from hypothesis import strategies as st

from crosscurrent.api import fuzzy
from graph.factory import e

# Words that meet across spellings and scripts, typos and prefixes, so that the
# generated names and queries are close often enough to matter.
WORDS = [
    "Mohammed", "Muhammad", "Mihemed", "محمد", "Karimi", "Kareemi", "Karim", "Rashid",
    "al-Rashid", "Alrashid", "الرشيد", "Rebwar", "Rêbwar", "ڕێبوار", "Hasan", "Hassan",
    "Hesen", "Nguyen", "Nguyễn", "Петров", "Petrov", "Yilmaz", "Yılmaz", "Ahmed", "Ahmad",
    "Sechin", "Sech1n", "I9or", "Igor", "Ha55an",
]  # fmt: skip
NAME = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join)
TYPED = st.builds(
    lambda word, cut: word[: max(2, len(word) - cut)], st.sampled_from(WORDS), st.integers(0, 4)
)
QUERY = st.lists(st.one_of(st.sampled_from(WORDS), TYPED), min_size=1, max_size=3).map(" ".join)


def people(names: list[list[str]]) -> list[StatementEntity]:
    return [e("Person", f"p{n}", name=alias) for n, alias in enumerate(names)]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(NAME, min_size=1, max_size=2), min_size=1, max_size=12), QUERY)
def test_the_index_misses_nothing_a_full_scan_finds(names: list[list[str]], text: str) -> None:
    entities = people(names)
    query = fuzzy.Query.parse(text)
    scanned = [n for n, entity in enumerate(entities) if fuzzy.match(query, entity)[1]]
    candidates = fuzzy.NameIndex(entities).candidates(query)
    assert set(scanned) <= set(candidates)


def test_the_index_leaves_out_names_that_cannot_match() -> None:
    entities = people([["Mohammed Karimi"], ["Petrov Ivan"], ["Nguyen Van"]])
    index = fuzzy.NameIndex(entities)
    assert index.candidates(fuzzy.Query.parse("Muhammad")) == [0]
    assert index.candidates(fuzzy.Query.parse("Petr")) == [1]  # typed ahead
    assert index.candidates(fuzzy.Query.parse("Zzyzx")) == []


def scan(entities: list[StatementEntity], query: fuzzy.Query) -> list[tuple[float, str, list[str]]]:
    """What search answers, by scoring every entity (the definition)."""
    found = []
    for entity in entities:
        best, names = fuzzy.match(query, entity)
        if names:
            found.append((best, str(entity.id), names))
    return sorted(found, key=lambda hit: (-hit[0], hit[1]))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(NAME, min_size=1, max_size=2), min_size=1, max_size=12), QUERY)
def test_search_answers_exactly_as_a_full_scan(names: list[list[str]], text: str) -> None:
    entities = people(names)
    query = fuzzy.Query.parse(text)
    index = fuzzy.NameIndex(entities)
    scanned = scan(entities, query)
    for limit in (None, 1, 2, 5):
        found = [(best, index.ids[n], names) for best, n, names in index.search(query, None, limit)]
        assert found == scanned[:limit]


def test_search_keeps_to_the_schema_asked_for() -> None:
    entities = [
        e("Person", "p1", name="Mohammed Karimi"),
        e("Company", "c1", name="Karimi Trading"),
        e("Person", "p2", name="Muhammad Karimi", alias="Karimi"),
    ]
    index = fuzzy.NameIndex(entities)
    query = fuzzy.Query.parse("karimi")
    assert len(index.search(query)) == 3
    people_only = index.search(query, entities[0].schema)
    assert {index.ids[n] for _, n, _ in people_only} == {"p1", "p2"}
    found = [(best, index.ids[n], names) for best, n, names in index.search(query)]
    assert found == scan(entities, query)
