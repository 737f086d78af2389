"""Cleaning a raw source value for an FtM property, deciding what counts as malformed.

A value that cannot be what its property says (a date "31/02/1990", an amount
"12,O00") is dropped with a warning and the rest of its row loads; a value that
had to be changed to be stored (control characters, a name of 10,000
characters) loads changed, with a warning. The value as written is kept beside
the cleaned one either way (``Fact.original``).
"""

import re
from functools import lru_cache

from followthemoney import registry
from followthemoney.property import Property
from followthemoney.types.common import PropertyType

# A value FtM cannot clean for its type (a date "31/02/1990", an amount "12,O00",
# a country "Narnia") is meaningless and must not be stored as if it were a fact:
# it is dropped, with a warning.
# Phones and identifiers (IBANs, serials) are kept as written when FtM cannot validate them:
# a national-format phone or a mistyped IBAN is still evidence, and the resolver
# normalises them with the agency's country as a hint.
LENIENT_TYPES: frozenset[PropertyType] = frozenset({registry.phone, registry.identifier})

# C0 and C1 control characters other than tab and line breaks (which cleaning
# treats as spaces, or keeps in free text), and the bidirectional embedding,
# override and isolate controls, which make a name display other than it reads
# ("Trojan Source"). None is part of a name, date or number; a NUL or an escape
# sequence copied from a terminal is an export fault.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
CODE_LONGEST = 256
"""Longer text is no value of a type whose values are short codes or dates."""
DROPPED = "value dropped, the rest of the row loaded"
CHANGED = "value loaded changed, the original kept"
SHOWN = 60
"""Characters of a value quoted in a warning: a reason must stay one readable line."""


def shown(text: str) -> str:
    """The value for a message: its repr, cut short when long (with its length)."""
    head = text[:SHOWN]
    while len(repr(head)) > SHOWN + 20:  # escapes ("\x00", "\U0001f600") take room too
        head = head[: len(head) * 3 // 4]
    return repr(head) if head == text else f"{head!r}... ({len(text):,} characters)"


def clean_value(prop: Property, raw: str, fmt: str | None = None) -> tuple[str | None, str | None]:
    """Return (cleaned value, warning); empty input gives (None, None).

    A warning without a value: the value is malformed and is dropped. A warning
    with a value: the value was changed to be stored (control characters
    removed, cut to the property's longest value).
    """
    text = raw.strip()
    if not text:
        return None, None
    if prop.type == registry.entity:
        return text, None  # an id: taken as given, or a link would point elsewhere
    return _clean_checked(prop.type, text, fmt, prop.max_length)


@lru_cache(maxsize=500_000)
def _clean_checked(
    kind: PropertyType, text: str, fmt: str | None, longest: int
) -> tuple[str | None, str | None]:
    # Cleaning depends on the type, text, format and length only; sources repeat
    # values a lot (a phone in every call record), and phone parsing is the costliest step.
    notes: list[str] = []
    bare = CONTROL.sub("", text)
    if bare != text:
        codes = sorted({f"U+{ord(c):04X}" for c in CONTROL.findall(text)})
        codes = codes if len(codes) <= 4 else [*codes[:3], f"{len(codes) - 3} more"]
        count = len(text) - len(bare)
        plural = "s" if count > 1 else ""
        notes.append(f"{count} control character{plural} ({', '.join(codes)}) removed")
        bare = bare.strip()
        if not bare:
            return None, f"only control characters: {shown(text)}; {DROPPED}"
    # A code (country, date, gender...) is short; FtM's fuzzy country lookup takes a
    # second over a 10,000-character text, so a long one is no such value.
    too_long = longest < CODE_LONGEST and kind not in LENIENT_TYPES and len(bare) > CODE_LONGEST
    cleaned = None if too_long else _clean(kind, bare, fmt)
    if cleaned is None:
        expected = f" (expected format {fmt})" if fmt else ""
        why = f"not a valid {kind.name}: {shown(bare)}{expected}"
        return None, f"{why}; {DROPPED}" if not notes else f"{why}, {notes[0]}; {DROPPED}"
    if len(cleaned) > longest:
        notes.append(f"cut to {longest:,} characters, the longest a {kind.name} may be")
        cleaned = cleaned[:longest].rstrip()
    if not notes:
        return cleaned, None
    return cleaned, f"{' and '.join(notes)} in {shown(text)}; {CHANGED}"


def _clean(kind: PropertyType, text: str, fmt: str | None) -> str | None:
    """The value FtM makes of the text, or None when it is no such value."""
    cleaned = kind.clean_text(text, format=fmt)
    if cleaned is None and fmt is not None:
        # Spreadsheets hand over typed dates as ISO text whatever the column's format.
        cleaned = kind.clean_text(text)
    if cleaned is not None and kind == registry.number:
        cleaned = normal_number(cleaned)
    if cleaned is None and kind in LENIENT_TYPES:
        return " ".join(text.split())
    return cleaned


CURRENCY_AROUND = re.compile(r"^[A-Za-z€£$₺\s]+|[A-Za-z€£$₺\s]+$")


def normal_number(text: str) -> str | None:
    """A plain decimal ("1500.00") from "1,500.00", "1.500,00" or "1250,00".

    FtM keeps any text as a number, but "12,O00" is no amount, and analyses must
    compare amounts from agencies that write the decimal comma and those that
    don't. With both marks present the last one is the decimal mark; a lone comma
    followed by exactly three digits is read as thousands. The original is kept.
    """
    # A currency written beside the figure ("100 EUR", "€ 250") is not part of it.
    body = CURRENCY_AROUND.sub("", text).replace(" ", "").replace("\u00a0", "").replace("'", "")
    sign = ""
    if body[:1] in "+-":
        sign, body = body[:1].replace("+", ""), body[1:]
    dot, comma = body.rfind("."), body.rfind(",")
    if dot >= 0 and comma >= 0:
        decimal = "." if dot > comma else ","
    elif comma >= 0:
        decimal = "." if body.count(",") > 1 or len(body) - comma - 1 == 3 else ","
    else:
        decimal = "." if body.count(".") <= 1 else ","
    thousands = "," if decimal == "." else "."
    digits = body.replace(thousands, "").replace(decimal, ".")
    if not digits or digits.count(".") > 1 or not digits.replace(".", "").isdigit():
        return None
    return sign + digits
