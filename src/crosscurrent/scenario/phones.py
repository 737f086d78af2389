"""Phone numbers: allocation per country and the ways agencies write them.

UK numbers come from Ofcom's drama ranges so that no real subscriber is
named. The mobile drama range (07700 900xxx) is rejected by `phonenumbers`,
and FtM therefore drops it, so the landline drama ranges are used instead;
past their 12,000 numbers the book falls back to random valid mobiles. Other
countries have no usable fictional range: their numbers are random but valid
for `phonenumbers`, so that FtM keeps them.
"""

from __future__ import annotations

from dataclasses import dataclass
from random import Random

import phonenumbers

# National significant number prefixes of Ofcom's drama ranges (1000 numbers
# each); Nottingham's 0115 496 0xxx is left out as `phonenumbers` rejects it.
UK_DRAMA = (
    "2079460",
    "1134960",
    "1144960",
    "1164960",
    "1174960",
    "1184960",
    "1214960",
    "1314960",
    "1414960",
    "1514960",
    "1614960",
    "1914980",
)

# (prefix, digits after the prefix) of mobile ranges per country.
MOBILE: dict[str, tuple[tuple[str, int], ...]] = {
    "gb": (("74", 8), ("75", 8), ("78", 8), ("79", 8)),
    "fr": (("6", 8), ("7", 8)),
    "de": (("151", 8), ("152", 8), ("157", 8), ("176", 8), ("160", 7)),
    "be": (("47", 7), ("48", 7), ("49", 7)),
    "nl": (("6", 8),),
    "it": (("32", 8), ("33", 8), ("34", 8), ("38", 8)),
    "tr": (("53", 8), ("54", 8), ("55", 8)),
    "iq": (("75", 8), ("77", 8), ("78", 8)),
    "ir": (("91", 8), ("93", 8), ("90", 8)),
    "sy": (("93", 7), ("94", 7), ("99", 7)),
    "sd": (("91", 7), ("92", 7), ("99", 7)),
    "er": (("7", 6),),
    "af": (("70", 7), ("78", 7), ("79", 7)),
    "vn": (("91", 7), ("98", 7), ("97", 7)),
    "al": (("67", 7), ("68", 7), ("69", 7)),
    "bg": (("87", 7), ("88", 7), ("89", 7)),
}


@dataclass(frozen=True, slots=True)
class Phone:
    e164: str
    country: str
    national: str
    """As dialled inside the country, e.g. ``020 7946 0123``."""
    international: str
    """E.g. ``+44 20 7946 0123``."""


def _make(number: phonenumbers.PhoneNumber, country: str) -> Phone:
    fmt = phonenumbers.PhoneNumberFormat
    return Phone(
        e164=str(phonenumbers.format_number(number, fmt.E164)),
        country=country,
        national=str(phonenumbers.format_number(number, fmt.NATIONAL)),
        international=str(phonenumbers.format_number(number, fmt.INTERNATIONAL)),
    )


class PhoneBook:
    """Hands out unique, valid numbers; deterministic for a given `Random`."""

    def __init__(self, rng: Random) -> None:
        self.rng = rng
        self.used: set[str] = set()
        drama = [f"+44{prefix}{n:03d}" for prefix in UK_DRAMA for n in range(1000)]
        rng.shuffle(drama)
        self._drama = drama

    def new(self, country: str) -> Phone:
        if country == "gb":
            while self._drama:
                number = self._drama.pop()
                if number not in self.used:
                    self.used.add(number)
                    return _make(phonenumbers.parse(number), "gb")
        ranges = MOBILE.get(country, MOBILE["gb"])
        region = country.upper() if country in MOBILE else "GB"
        while True:
            prefix, digits = self.rng.choice(ranges)
            nsn = prefix + "".join(self.rng.choice("0123456789") for _ in range(digits))
            code = phonenumbers.country_code_for_region(region)
            parsed = phonenumbers.parse(f"+{code}{nsn}")
            e164 = f"+{code}{nsn}"
            if e164 not in self.used and phonenumbers.is_valid_number(parsed):
                self.used.add(e164)
                return _make(parsed, country if country in MOBILE else "gb")


def write_phone(phone: Phone, home: str, rng: Random) -> str:
    """Write a number as an officer in country `home` would.

    Every form parses back with `home` as the FtM phone `format` hint: local
    numbers in national format, foreign ones with ``+`` or the ``00`` prefix.
    """
    r = rng.random()
    if phone.country == home and r < 0.55:
        national = phone.national
        return national.replace(" ", "") if r < 0.25 else national
    if r < 0.7:
        return phone.international
    if r < 0.8:
        return phone.e164
    if r < 0.9:
        return "00" + phone.international[1:]
    return "00" + phone.international[1:].replace(" ", "-")
