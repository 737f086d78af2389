"""Serial numbers, number plates and IBANs, and how each agency writes them.

Serials differ between agencies only in case, spaces and dashes, so that a
serial normalised to upper-case letters and digits joins a supply chain
(:func:`normal_serial`); anything fuzzier would plant chains no resolver
could be expected to find.
"""

from __future__ import annotations

import re
import string
from random import Random

from schwifty import IBAN
from stdnum import iban as stdnum_iban

# Invented make codes; the three-letter codes look like engine makers' prefixes.
ENGINE_MAKES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("YMH", "Yamaha-type", ("40X", "60F", "15F")),
    ("TOH", "Tohatsu-type", ("40D", "50D")),
    ("SZK", "Suzuki-type", ("40A", "60H")),
    ("MRC", "Mercury-type", ("40E", "60E")),
    ("PRS", "Parsun-type", ("40J", "30B")),
)
BOAT_MAKERS = ("KZB", "DNZ", "MRN", "EGE", "BSF", "AKD")
BOAT_MODELS = ("PVC inflatable 9.6 m", "PVC inflatable 10.5 m", "inflatable 11 m", "RIB 8.5 m")
MONTHS = "ABCDEFGHIJKL"

_NOT_ALNUM = re.compile(r"[^0-9A-Z]")


def normal_serial(value: str) -> str:
    """The join key for serials and plates: upper-case letters and digits."""
    return _NOT_ALNUM.sub("", value.upper())


def engine_serial(rng: Random) -> tuple[str, str, str]:
    """(serial, make, model), the serial like ``YMH-40X-123456``."""
    code, make, models = rng.choice(ENGINE_MAKES)
    model = rng.choice(models)
    return f"{code}-{model}-{rng.randint(100000, 999999)}", make, f"{model[:2]} HP"


def hull_number(rng: Random, year: int) -> tuple[str, str, str]:
    """(HIN, maker, model); the HIN in the CE form ``TR-KZB48213C424``."""
    maker = rng.choice(BOAT_MAKERS)
    serial = "".join(rng.choice(string.digits) for _ in range(5))
    month = rng.choice(MONTHS)
    hin = f"TR-{maker}{serial}{month}{year % 10}{year % 100:02d}"
    return hin, maker, rng.choice(BOAT_MODELS)


def write_serial(serial: str, habit: str, rng: Random) -> str:
    """Write a serial by an agency's `habit`, with a share of deviations."""
    if rng.random() < 0.25:
        habit = rng.choice(("plain", "compact", "spaced", "lower"))
    compact = serial.replace("-", "")
    if habit == "compact":
        return compact
    if habit == "spaced":
        return serial.replace("-", " ")
    if habit == "lower":
        return serial.lower()
    if habit == "partial":
        # Only the first dash survives, as keyed in from a handwritten note.
        head, _, tail = serial.partition("-")
        return f"{head}-{tail.replace('-', '')}"
    return serial


PLATES = {
    "de": lambda r: (
        f"{r.choice(['DU', 'E', 'K', 'D', 'AC', 'HH', 'DO'])}-"
        f"{_letters(r, 2)} {r.randint(10, 9999)}"
    ),
    "fr": lambda r: f"{_letters(r, 2)}-{r.randint(100, 999)}-{_letters(r, 2)}",
    "be": lambda r: f"{r.randint(1, 2)}-{_letters(r, 3)}-{r.randint(100, 999)}",
    "nl": lambda r: f"V{_letters(r, 1)}-{r.randint(100, 999)}-{_letters(r, 1)}",
    "gb": lambda r: f"{_letters(r, 2)}{r.randint(10, 24)} {_letters(r, 3)}",
    "bg": lambda r: (
        f"{r.choice(['CB', 'PB', 'B', 'A'])} {r.randint(1000, 9999)} "
        f"{''.join(r.choice('ABEKMHOPCTX') for _ in range(2))}"
    ),
    "pl": lambda r: f"{r.choice(['WA', 'PO', 'KR', 'GD'])} {r.randint(10000, 99999)}",
}
VAN_MODELS = ("Ford Transit", "Renault Master", "Mercedes Sprinter", "Fiat Ducato", "VW Crafter")


def _letters(rng: Random, n: int) -> str:
    return "".join(rng.choice("ABCDEFGHJKLMNPRSTVWXYZ") for _ in range(n))


def plate(rng: Random, country: str) -> str:
    return PLATES[country](rng)


def write_plate(value: str, rng: Random) -> str:
    r = rng.random()
    if r < 0.2:
        return normal_serial(value)
    if r < 0.3:
        return value.replace(" ", "-")
    return value


# Bank codes that pass the national checks `stdnum` applies (e.g. Belgium's
# bank-code registry); account numbers are random.
BANKS: dict[str, tuple[tuple[str, str], ...]] = {
    "gb": (("NWBK601613", "NatWest"), ("BARC200000", "Barclays"), ("LOYD309634", "Lloyds")),
    "de": (("37040044", "Commerzbank"), ("10070000", "Deutsche Bank"), ("50010517", "ING")),
    "nl": (("ABNA", "ABN AMRO"), ("INGB", "ING"), ("RABO", "Rabobank")),
    "be": (("320", "ING Belgique"), ("001", "BNP Paribas Fortis"), ("068", "Belfius")),
    "fr": (("2004101005", "La Banque Postale"), ("3000400003", "BNP Paribas")),
    "it": (("0306909606", "Intesa Sanpaolo"), ("0200805364", "UniCredit")),
    "tr": (("00061", "İşbank"), ("00062", "Garanti BBVA"), ("00064", "Ziraat")),
    "iq": (("NBIQ850", "National Bank of Iraq"), ("RAFB001", "Rafidain Bank")),
}
ACCOUNT_DIGITS = {"gb": 8, "de": 10, "nl": 10, "be": 7, "fr": 11, "it": 12, "tr": 16, "iq": 12}


def iban(rng: Random, country: str) -> tuple[str, str]:
    """(IBAN without spaces, bank name); valid under `stdnum` and FtM."""
    country = country if country in BANKS else "de"
    while True:
        code, bank = rng.choice(BANKS[country])
        digits = "".join(rng.choice(string.digits) for _ in range(ACCOUNT_DIGITS[country]))
        if country == "it":
            value = IBAN.generate(
                "IT", bank_code=code[:5], branch_code=code[5:], account_code=digits
            )
        else:
            value = IBAN.generate(country.upper(), bank_code=code, account_code=digits)
        if stdnum_iban.is_valid(str(value)):
            return str(value), bank


def write_iban(value: str, rng: Random) -> str:
    if rng.random() < 0.5:
        return " ".join(value[i : i + 4] for i in range(0, len(value), 4))
    return value
