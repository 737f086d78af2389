"""Normalisers: the same identifier or name written differently must meet."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rigour.text import ascii_text

from crosscurrent.resolve import normalise


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Rebwar Hasan", "HESEN, Rêbwar"),
        ("Rebwar Hasan", "ڕێبوار حسن"),
        ("Mohammed Ahmed", "Muhammad Ahmad"),
        ("Mohammed Ahmed", "Mihemed Ehmed"),
        ("Hussein", "Huseyin"),
        ("Hussein", "حسین"),
        ("İbrahim Yıldız", "Ibrahim Yildiz"),
        ("Nguyễn Văn Hùng", "NGUYEN Van Hung"),
    ],
)
def test_name_variants_share_tokens(a: str, b: str) -> None:
    assert normalise.name_tokens(a) == normalise.name_tokens(b)


def test_different_names_differ() -> None:
    assert normalise.name_tokens("Rebwar Hasan") != normalise.name_tokens("Karwan Hasan")
    assert not normalise.name_tokens("Ali Omar") & normalise.name_tokens("Dawit Tesfay")


@pytest.mark.parametrize(
    ("raw", "region"),
    [("07700 900123", "GB"), ("0044-7700-900123", "FR"), ("+44 7700 900123", None)],
)
def test_phone_e164(raw: str, region: str | None) -> None:
    assert normalise.phone(raw, region) == "+447700900123"


def test_phone_rejects_garbage() -> None:
    assert normalise.phone("call me", "GB") is None
    assert normalise.phone("12", "GB") is None


def test_identifiers_ignore_case_spaces_and_dashes() -> None:
    assert normalise.identifier("ymh-40x 123456") == normalise.identifier("YMH40X123456")
    assert normalise.iban("GB82 WEST 1234 5698 7654 32") == "GB82WEST12345698765432"
    assert normalise.identifier("AB1") is None  # too short to identify anything


def test_french_dj_is_j() -> None:
    assert normalise.name_tokens("Djalal") == normalise.name_tokens("Jalal")


_MARKED_LATIN = st.sampled_from(sorted(chr(cp) for cp in normalise._latin_table()[0]))


@settings(max_examples=400, deadline=None)
@given(st.text(st.one_of(st.characters(max_codepoint=127), _MARKED_LATIN), max_size=12))
def test_latin_spells_latin_letters_as_ascii_text_does(text: str) -> None:
    # The fast path: ASCII and marked Latin letters, by the table.
    assert normalise.latin(text) == ascii_text(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=12))
def test_latin_is_ascii_text_on_any_text(text: str) -> None:
    assert normalise.latin(text) == ascii_text(text)


def test_latin_reads_names_of_every_script_the_scenario_writes() -> None:
    for name in ("Nguyễn Văn", "Hüseyin Yıldız", "Çelik", "Straße", "Łukasz", "Øyvind",
                 "ڕێبوار حسن", "Шевченко", "ሃብቶም"):  # fmt: skip
        assert normalise.latin(name) == ascii_text(name)
        assert normalise.latin(name).isascii()


def test_name_tokens_read_a_digit_between_letters_as_the_letter() -> None:
    # A vowel's digit vanishes from a skeleton anyway; a consonant's must be read.
    assert normalise.name_tokens("I9or Ha55an") == normalise.name_tokens("Igor Hassan")
    assert normalise.name_tokens("John Smith1") == normalise.name_tokens("John Smith")
    assert normalise.name_tokens("Brigade 44") == normalise.name_tokens("Brigade")
