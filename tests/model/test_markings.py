"""Parsing releasability and handling codes, and who a marking lets see a dataset."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crosscurrent.errors import InvalidMarking
from crosscurrent.model.markings import ALL, Handling, Marking, parse_handling, parse_releasable

ORIGIN = "UK-NCA"

RELEASABLE = [
    # (value as given, parsed); the originator is always in a list, never beside "all"
    (None, ("UK-NCA",)),
    ("", ("UK-NCA",)),
    (" , ", ("UK-NCA",)),
    ([], ("UK-NCA",)),
    ("all", ("all",)),
    (" ALL ", ("all",)),
    (["All"], ("all",)),
    ("UK-NCA", ("UK-NCA",)),
    ("fr-pn", ("FR-PN", "UK-NCA")),
    ("it-ps, FR-PN", ("FR-PN", "IT-PS", "UK-NCA")),
    ("FR-PN,,fr-pn , FR-PN", ("FR-PN", "UK-NCA")),
    ([" it-ps ", "FR-PN", ""], ("FR-PN", "IT-PS", "UK-NCA")),
    ("uk-nca,FR-PN", ("FR-PN", "UK-NCA")),
]


@pytest.mark.parametrize(("value", "parsed"), RELEASABLE)
def test_parse_releasable(value: str | list[str] | None, parsed: tuple[str, ...]) -> None:
    assert parse_releasable(value, ORIGIN) == parsed


@pytest.mark.parametrize("value", ["all,FR-PN", "FR-PN, ALL", ["all", "IT-PS"], "all,all"])
def test_all_is_never_mixed_with_codes(value: str | list[str]) -> None:
    with pytest.raises(InvalidMarking, match="either 'all' or a list"):
        parse_releasable(value, ORIGIN)


CODES = st.sampled_from(["FR-PN", "fr-pn", "IT-PS", " it-ps", "BE-FP ", "UK-NCA", "de-bka", ""])


@given(st.lists(CODES, max_size=8), st.booleans())
def test_releasable_list_is_sorted_unique_upper_and_has_originator(
    codes: list[str], as_text: bool
) -> None:
    parsed = parse_releasable(",".join(codes) if as_text else codes, ORIGIN)
    expected = {c.strip().upper() for c in codes if c.strip()} | {ORIGIN}
    assert parsed == tuple(sorted(expected))


@pytest.mark.parametrize(
    ("value", "handling"),
    [
        (None, Handling.H0),
        ("H0", Handling.H0),
        ("h1", Handling.H1),
        (" H2 ", Handling.H2),
        ("H3", Handling.H3),
    ],
)
def test_parse_handling(value: str | None, handling: Handling) -> None:
    assert parse_handling(value) is handling


@pytest.mark.parametrize("value", ["H4", "", "H 1", "secret", "0"])
def test_unknown_handling_code_is_an_error_listing_the_codes(value: str) -> None:
    with pytest.raises(InvalidMarking) as exc:
        parse_handling(value)
    assert repr(value) in str(exc.value)
    assert "H0, H1, H2, H3" in str(exc.value)


VISIBILITY = [
    # (releasable_to, caller, visible)
    (("UK-NCA",), "UK-NCA", True),  # the originator
    (("UK-NCA",), "FR-PN", False),
    (("FR-PN", "UK-NCA"), "FR-PN", True),
    (("FR-PN", "UK-NCA"), "IT-PS", False),
    ((ALL,), "IT-PS", True),
    ((ALL,), "UK-NCA", True),
    ((), "UK-NCA", True),  # even a marking that lists nobody keeps the originator
]


@pytest.mark.parametrize(("releasable", "caller", "visible"), VISIBILITY)
def test_marking_visible_to(releasable: tuple[str, ...], caller: str, visible: bool) -> None:
    assert Marking(ORIGIN, releasable).visible_to(caller) is visible
