"""Normalisers for the identifiers and names the first resolver compares."""

import re
import unicodedata
from functools import lru_cache

import phonenumbers
from rigour.text import ascii_text
from rigour.text.translit import maybe_ascii

NON_ALNUM = re.compile(r"[^0-9A-Z]")
VOWELS = re.compile(r"[aeiouyw]")
REPEATS = re.compile(r"(.)\1+")
NOT_LETTER = re.compile(r"[^a-z]")

# ICU's Latin transliterator leaves these Kurdish (Sorani) letters as "?"; map
# them first so that a name written in Sorani meets its Latin spellings.
SORANI = str.maketrans("ڕێۆڵەھۊ", "ریولههو")


INNER_DIGITS = re.compile(r"(?<=[^\W\d_])\d+(?=[^\W\d_])", re.UNICODE)
"""Digits with a letter on each side ("Ig0r", "Sech1n", "I9or")."""
DIGIT_LETTERS = str.maketrans("0134579", "oieastg")
"""Digits read as the letters they stand for between two letters (OCR and
obfuscation: 0 for O, 1 for I, 5 for S); a number alone is not a name part.
name_bench +0.003 F1 ("Ig0r Sech1n" is Igor Sechin)."""


_DIGIT = re.compile(r"\d")


def digits_as_letters(text: str) -> str:
    """``text`` with each digit between two letters read as a letter."""
    if not _DIGIT.search(text):
        return text
    return INNER_DIGITS.sub(lambda m: m.group().translate(DIGIT_LETTERS), text)


# Latin letters with marks, and the letters NFKD leaves alone (ß, ı, ø, æ): each one's
# ASCII spelling as rigour gives it, made once from rigour itself.
_LATIN = (range(0xA0, 0x250), range(0x1E00, 0x1F00))  # Latin-1 to Extended-B; Additional


@lru_cache(maxsize=1)
def _latin_table() -> tuple[dict[int, str], re.Pattern[str]]:
    """Each letter's spelling, and a pattern of the texts the table spells whole."""
    # Only letters rigour spells itself: what it hands on to normality (µ, as Greek)
    # is read in context there ("+µ" becomes "m").
    table = {
        cp: spelt
        for block in _LATIN
        for cp in block
        if unicodedata.category(chr(cp))[0] in "LM" and (spelt := maybe_ascii(chr(cp))).isascii()
    }
    letters = "".join(re.escape(chr(cp)) for cp in table)
    return table, re.compile(f"[\\x00-\\x7f{letters}]*")


def latin(value: str) -> str:
    """``rigour.text.ascii_text``, the same text, with Latin script read letter by letter.

    ascii_text took 30-200 µs a string for Latin names with marks (Nguyễn, Hüseyin,
    Çelik): 0.5 s of a 4.7 s run over 100,000 records. Letter by letter, by a table
    of rigour's own spelling of each letter, is the same text (property tests hold
    the two equal on any string); other scripts still go to ascii_text."""
    if value.isascii():
        return value
    table, spelt_whole = _latin_table()
    if spelt_whole.fullmatch(value):
        return value.translate(table)
    return ascii_text(value)


def identifier(value: str) -> str | None:
    """Serials, plates, hull numbers, documents: upper case, no spaces or dashes."""
    norm = NON_ALNUM.sub("", latin(value).upper())
    return norm if len(norm) >= 4 else None


def iban(value: str) -> str | None:
    norm = NON_ALNUM.sub("", value.upper())
    return norm if len(norm) >= 12 else None


def phone(value: str, region: str | None = None) -> str | None:
    """E.164 for a phone as written; national formats need the agency's country."""
    text = value.strip()
    if text.startswith("00"):
        text = "+" + text[2:]
    # An international number reads the same for every agency: one cache entry for
    # all of them (stored numbers are E.164 already, and recur across agencies).
    return _phone(text, None if text.startswith("+") else region)


@lru_cache(maxsize=200_000)
def _phone(text: str, region: str | None) -> str | None:
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


@lru_cache(maxsize=200_000)
def name_tokens(value: str) -> frozenset[str]:
    """Consonant skeletons of a name's tokens, comparable across scripts.

    Arabic-script spellings carry no short vowels, and Latin transliterations
    disagree on vowels and doubled letters (Mohammed, Muhammad, Mihemed), so the
    skeleton drops vowels and collapses repeats: all three become "mhmd".
    """
    text = digits_as_letters(latin(value.translate(SORANI)).lower())
    tokens = set()
    for token in re.split(r"[\s,\-./]+", text):
        letters = NOT_LETTER.sub("", token)
        if letters.startswith("dj"):  # French transliteration: Djalal is Jalal
            letters = letters[1:]
        if not letters:
            continue
        skeleton = REPEATS.sub(r"\1", VOWELS.sub("", letters[1:]))
        # A leading vowel is kept as "a" (Ahmed, Ehmed, احمد): that it starts with a
        # vowel is evidence, which vowel is transliteration noise.
        first = "a" if letters[0] in "aeiouy" else letters[0]
        tokens.add(first + skeleton)
    return frozenset(tokens)


def birth_date(value: str) -> str | None:
    """Only full dates count for the baseline rule; partial ones are weak evidence."""
    return value if len(value) == 10 else None
