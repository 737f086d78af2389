"""Cleaning a raw source value for an FtM property, deciding what counts as malformed."""

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
    cleaned = prop.type.clean_text(text, format=fmt)
    if cleaned is None and fmt is not None:
        # Spreadsheets hand over typed dates as ISO text whatever the column's format.
        cleaned = prop.type.clean_text(text)
    if cleaned is not None and prop.type == registry.number and not _is_number(cleaned):
        cleaned = None
    if cleaned is not None:
        return cleaned, None
    if prop.type in LENIENT_TYPES:
        return " ".join(text.split()), None
    if prop.type in STRICT_TYPES:
        expected = f" (expected format {fmt})" if fmt else ""
        return None, f"not a valid {prop.type.name}: {text!r}{expected}"
    return None, None


def _is_number(text: str) -> bool:
    """FtM keeps any text as a number, but "12,O00" is no amount. Both "1,500.00" and
    the decimal comma of "1.500,00" are numbers; the value is kept as written."""
    return any(
        registry.number.parse(text, decimal, separator)[0] is not None
        for decimal, separator in ((".", ","), (",", "."))
    )
