"""Cleaning one raw value for its property: what is kept, what is malformed."""

import pytest
from followthemoney import model

from crosscurrent.ingest.clean import clean_value

CLEAN = [
    # (schema:property, raw, format, cleaned, malformed)
    ("Person:birthDate", "12/03/1990", "%d/%m/%Y", "1990-03-12", False),
    ("Person:birthDate", "1990-03-12", "%d/%m/%Y", "1990-03-12", False),  # typed Excel date
    ("Person:birthDate", "31/02/1990", "%d/%m/%Y", None, True),
    ("Person:birthDate", "1990-02-31", None, None, True),
    ("Person:birthDate", "1990", None, "1990", False),
    ("Person:birthDate", "   ", None, None, False),  # empty is no value, not a problem
    # Amounts become plain decimals so agencies' figures compare; originals are kept.
    ("Payment:amount", "1,500.00", None, "1500.00", False),
    ("Payment:amount", "-20", None, "-20", False),
    ("Payment:amount", "100 EUR", None, "100", False),
    ("Payment:amount", "€ 250", None, "250", False),
    ("Payment:amount", "1950,00", None, "1950.00", False),  # a decimal comma
    ("Payment:amount", "1.500,50", None, "1500.50", False),
    ("Payment:amount", "1,500", None, "1500", False),  # a lone comma before 3 digits: thousands
    ("Payment:amount", "12,O00", None, None, True),
    ("Payment:amount", "abc", None, None, True),
    ("Payment:amount", "10-20", None, None, True),
    ("Person:nationality", "France", None, "fr", False),
    ("Person:nationality", "Narnia", None, None, True),
    ("Person:email", "anna@example.org", None, "anna@example.org", False),
    ("Person:email", "anna at example", None, None, True),
    ("Person:gender", "F", None, "female", False),
    ("Person:phone", "+44 20 7946 0958", None, "+442079460958", False),
    ("Person:phone", "020  7946 0958", None, "020 7946 0958", False),  # kept, spaces tidied
    ("Person:idNumber", " AB 12 ", None, "AB 12", False),
    ("Person:name", "  Олег   Петров ", None, "Олег Петров", False),
    ("Payment:payer", " p1 ", None, "p1", False),  # entity ids are taken as given
]


@pytest.mark.parametrize(("qname", "raw", "fmt", "cleaned", "malformed"), CLEAN)
def test_clean_value(
    qname: str, raw: str, fmt: str | None, cleaned: str | None, malformed: bool
) -> None:
    schema, name = qname.split(":")
    prop = model.schemata[schema].properties[name]
    value, problem = clean_value(prop, raw, fmt)
    assert value == cleaned
    assert (problem is not None) is malformed
    if problem is not None:
        assert repr(raw.strip()) in problem
        assert prop.type.name in problem
