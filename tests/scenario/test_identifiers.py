"""Every way an agency writes a phone, serial or IBAN still reads back as the
same value once cleaned or normalised: variation, never corruption."""

from __future__ import annotations

from random import Random

from followthemoney.types import registry
from hypothesis import given, settings
from hypothesis import strategies as st

from crosscurrent.scenario import identifiers as ident
from crosscurrent.scenario.phones import MOBILE, UK_DRAMA, PhoneBook, write_phone

AGENCY_COUNTRIES = ("gb", "it", "fr", "be", "nl", "de")
seeds = st.integers(min_value=0, max_value=2**32)


@settings(max_examples=150, deadline=None)
@given(seeds, st.sampled_from(sorted(MOBILE)), st.sampled_from(AGENCY_COUNTRIES))
def test_written_phones_clean_back(seed: int, country: str, home: str) -> None:
    rng = Random(seed)
    phone = PhoneBook(rng).new(country)
    written = write_phone(phone, home, rng)
    # The agency's mapping passes its own country as the FtM phone hint.
    assert registry.phone.clean(written, format=home) == phone.e164


@settings(max_examples=150, deadline=None)
@given(seeds, st.sampled_from(("plain", "compact", "spaced", "lower", "partial")))
def test_written_serials_normalise_back(seed: int, habit: str) -> None:
    rng = Random(seed)
    for serial, _, _ in (ident.engine_serial(rng), ident.hull_number(rng, 2024)):
        written = ident.write_serial(serial, habit, rng)
        assert ident.normal_serial(written) == ident.normal_serial(serial)


@settings(max_examples=60, deadline=None)
@given(seeds, st.sampled_from(sorted(ident.BANKS)))
def test_ibans_are_valid_however_written(seed: int, country: str) -> None:
    rng = Random(seed)
    iban, _ = ident.iban(rng, country)
    written = ident.write_iban(iban, rng)
    assert registry.identifier.clean(written, format="iban") == iban


@settings(max_examples=60, deadline=None)
@given(seeds, st.sampled_from(sorted(ident.PLATES)))
def test_plates_normalise_back(seed: int, country: str) -> None:
    rng = Random(seed)
    plate = ident.plate(rng, country)
    assert ident.normal_serial(ident.write_plate(plate, rng)) == ident.normal_serial(plate)


def test_drama_numbers_first_for_uk() -> None:
    book = PhoneBook(Random(1))
    for _ in range(50):
        e164 = book.new("gb").e164
        assert e164[3:10] in UK_DRAMA, e164
