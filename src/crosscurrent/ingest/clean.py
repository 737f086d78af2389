"""Cleaning a raw source value for an FtM property, deciding what counts as malformed."""

import re
from functools import lru_cache

from followthemoney import registry
from followthemoney.property import Property
from followthemoney.types.common import PropertyType

# Values of these types are either valid or meaningless: a date "31/02/1990" or an
# amount "12,O00" must not be stored as if it were a fact, so the row is quarantined.
STRICT_TYPES: frozenset[PropertyType] = frozenset(
    {
        registry.date,
        registry.number,
        registry.country,
        registry.email,
        registry.url,
        registry.gender,
        registry.language,
    }
)
# Phones and identifiers (IBANs, serials) are kept as written when FtM cannot validate them:
# a national-format phone or a mistyped IBAN is still evidence, and the resolver
# normalises them with the agency's country as a hint.
LENIENT_TYPES: frozenset[PropertyType] = frozenset({registry.phone, registry.identifier})


def clean_value(prop: Property, raw: str, fmt: str | None = None) -> tuple[str | None, str | None]:
    """Return (cleaned value, reason it is malformed); empty input gives (None, None)."""
    text = raw.strip()
    if not text:
        return None, None
    if prop.type == registry.entity:
        return text, None
    return _clean(prop.type, text, fmt)


@lru_cache(maxsize=500_000)
def _clean(kind: PropertyType, text: str, fmt: str | None) -> tuple[str | None, str | None]:
    # Cleaning depends on the type, text and format only; sources repeat values a
    # lot (a phone in every call record), and phone parsing is the costliest step.
    cleaned = kind.clean_text(text, format=fmt)
    if cleaned is None and fmt is not None:
        # Spreadsheets hand over typed dates as ISO text whatever the column's format.
        cleaned = kind.clean_text(text)
    if cleaned is not None and kind == registry.number:
        cleaned = normal_number(cleaned)
    if cleaned is not None:
        return cleaned, None
    if kind in LENIENT_TYPES:
        return " ".join(text.split()), None
    if kind in STRICT_TYPES:
        expected = f" (expected format {fmt})" if fmt else ""
        return None, f"not a valid {kind.name}: {text!r}{expected}"
    return None, None


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
