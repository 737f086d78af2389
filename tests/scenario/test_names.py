"""Name pools and spellings."""

from __future__ import annotations

from random import Random

from followthemoney.types import registry
from hypothesis import given, settings
from hypothesis import strategies as st
from rigour.text import levenshtein

from crosscurrent.scenario.names import Spelling, namebook, typo, write_name
from crosscurrent.scenario.places import places


def test_pools_refer_to_known_names() -> None:
    book = namebook()
    for group in book.groups.values():
        for key in (*group.given, *group.female, *group.surnames):
            lexeme = book.lexemes[key]
            if group.script is not None:
                assert group.script in lexeme.scripts, key
    for first, last in book.deny:
        assert first in book.lexemes and last in book.lexemes


def test_denied_combinations_never_drawn() -> None:
    book, rng = namebook(), Random(1)
    for group in book.groups.values():
        for _ in range(300):
            given, surname, _ = book.draw(rng, group, female=False)
            assert (given, surname) not in book.deny


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2**32), st.sampled_from(["Mohammed", "Rebwar", "Tesfamariam", "Nguyen"]))
def test_typo_is_one_edit(seed: int, name: str) -> None:
    changed = typo(name, Random(seed))
    # A transposition counts as two Levenshtein edits.
    assert levenshtein(name, changed) <= 2


def test_original_scripts_appear() -> None:
    book, rng = namebook(), Random(3)
    spelling = Spelling(lang="en", script=1.0, typo=0.0, swap=0.0)
    written = write_name(book, "kurdish", ("rebwar", "karim", "aram"), spelling, rng)
    assert (written.given, written.surname) == ("ڕێبوار", "کەریم")
    written = write_name(book, "eritrean", ("dawit", "berhe", "berhe"), spelling, rng)
    assert written.given == "ዳዊት"


def test_country_names_parse_in_every_language() -> None:
    for code, names in places().countries.items():
        for lang, name in names.items():
            assert registry.country.clean(name) == code, (lang, name)
