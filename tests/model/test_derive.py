"""Derived markings and TLP: a merged object is never released wider than a source."""

from hypothesis import given
from hypothesis import strategies as st

from crosscurrent.model.markings import ALL, Handling, Marking, derive, tlp

CODES = ("A", "B", "C", "D")
markings = st.builds(
    Marking,
    st.sampled_from(CODES),
    st.one_of(
        st.just((ALL,)),
        st.lists(st.sampled_from(CODES), unique=True).map(lambda c: tuple(sorted(c))),
    ),
    st.sampled_from(list(Handling)),
)


@given(st.lists(markings, min_size=1, max_size=5), st.sampled_from(CODES))
def test_derived_reach_is_the_intersection(sources: list[Marking], agency: str) -> None:
    derived = derive(sources)
    every_source = all(m.visible_to(agency) for m in sources)
    reaches = ALL in derived.releasable_to or agency in derived.releasable_to
    assert reaches == every_source
    assert derived.handling == max((m.handling for m in sources), key=list(Handling).index)


def test_tlp_mapping() -> None:
    assert tlp(Marking("A", (ALL,), Handling.H0)) == "TLP:GREEN"
    assert tlp(Marking("A", (ALL,), Handling.H2)) == "TLP:AMBER+STRICT"
    assert tlp(Marking("A", ("A", "B"), Handling.H0)) == "TLP:RED"
    assert derive([Marking("A", (ALL,)), Marking("B", ("B", "C"))]).as_dict()["tlp"] == "TLP:RED"
