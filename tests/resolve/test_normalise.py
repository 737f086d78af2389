"""Normalisers: the same identifier or name written differently must meet."""

import pytest

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
