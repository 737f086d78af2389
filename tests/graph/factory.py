"""Build merged entities the way the store hands them to the graph layer.

``e("Person", "p-1", agency="FR-PN", name="...")`` makes one agency's record
with canonical id ``p-1``; ``merge`` joins several records resolved to one
canonical id. Entity-typed values are canonical ids, as after resolution.
All names are synthetic.
"""

from followthemoney.dataset import Dataset
from followthemoney.statement import Statement, StatementEntity

_DATASETS: dict[str, Dataset] = {}


def _dataset(agency: str) -> Dataset:
    name = agency.lower().replace("-", "_")
    if name not in _DATASETS:
        _DATASETS[name] = Dataset.make({"name": name, "title": agency})
    return _DATASETS[name]


def e(
    schema: str,
    id: str,
    agency: str = "UK-NCA",
    record: str | None = None,
    **props: str | list[str],
) -> StatementEntity:
    """One agency's record (source id ``record``, default ``id``) as a canonical entity."""
    dataset = _dataset(agency)
    entity = StatementEntity(dataset, {"schema": schema, "id": id})
    for prop, values in props.items():
        for value in [values] if isinstance(values, str) else values:
            entity.add_statement(
                Statement(
                    entity_id=record or id,
                    canonical_id=id,
                    prop=prop,
                    schema=schema,
                    value=value,
                    dataset=dataset.name,
                    origin=agency,
                )
            )
    return entity


def merge(*records: StatementEntity) -> StatementEntity:
    """Records resolved onto the canonical id of the first."""
    merged = records[0].clone()
    for other in records[1:]:
        merged.merge(other)
    return merged


def call(
    id: str, caller: str, receiver: str, agency: str = "UK-NCA", **props: str
) -> StatementEntity:
    return e("Call", id, agency, caller=caller, receiver=receiver, **props)


def pay(
    id: str, payer: str, beneficiary: str, date: str, amount: str = "1000", agency: str = "UK-NCA"
) -> StatementEntity:
    return e(
        "Payment",
        id,
        agency,
        payer=payer,
        beneficiary=beneficiary,
        date=date,
        amount=amount,
        currency="EUR",
    )


def people(*ids: str, agency: str = "UK-NCA") -> list[StatementEntity]:
    return [e("Person", i, agency, name=f"Person {i}") for i in ids]


def smuggling_cell() -> list[StatementEntity]:
    """A small network in which the organiser is not the busiest phone.

    The recruiter calls 25 migrants (leaf contacts); the organiser talks only to
    the recruiter, the storage keeper, the driver, the launch coordinator and the
    money broker, who each talk to one or two of the others. A supply chain and
    a money route run through it.
    """
    ents = [
        e("Person", "org", "UK-NCA", record="nca-771", name="Oskar Fictus"),
        e("Person", "rec", "FR-PN", name="Rami Exemplar"),
        e("Person", "drv", "FR-PN", name="Dario Sampleton"),
        e("Person", "kpr", "DE-BKA", name="Kurt Platzhalter"),
        e("Person", "lch", "FR-PN", name="Luc Fauxnom"),
        e("Person", "mny", "NL-POL", name="Mina Voorbeeld"),
        e("Company", "sup", "DE-BKA", name="Marmara Inflatables Ltd"),
        e("Vessel", "boat", "DE-BKA", type="inflatable boat", registrationNumber="TR-XYZ12345B424"),
        e("Vehicle", "van", "FR-PN", type="van", registrationNumber="AB-123-CD"),
        e("Address", "store", "DE-BKA", full="Lagerhalle 3, Essen", remarks="storage site"),
        e("Address", "beach", "FR-PN", full="Plage de Gravelines", remarks="launch site"),
        e("BankAccount", "acc", "NL-POL", iban="NL91ABNA0417164300"),
        e(
            "UnknownLink",
            "l-sup",
            "DE-BKA",
            subject="sup",
            object="boat",
            role="supplied",
            date="2024-08-01",
        ),
        e(
            "UnknownLink",
            "l-sto",
            "DE-BKA",
            subject="boat",
            object="store",
            role="stored at",
            date="2024-08-10",
        ),
        e("UnknownLink", "l-kpr", "DE-BKA", subject="kpr", object="store", role="keeper"),
        e(
            "UnknownLink",
            "l-van",
            "FR-PN",
            subject="boat",
            object="van",
            role="transported by",
            date="2024-09-01",
        ),
        e(
            "Trip",
            "t-van",
            "FR-PN",
            vehicle="van",
            startLocation="store",
            endLocation="beach",
            involved="drv",
            startDate="2024-09-01",
        ),
        e(
            "UnknownLink",
            "l-lch",
            "FR-PN",
            subject="boat",
            object="beach",
            role="launched from",
            date="2024-09-07",
        ),
        e("UnknownLink", "l-lc2", "FR-PN", subject="lch", object="beach", role="coordinator"),
        e(
            "Trip",
            "t-cross",
            "UK-NCA",
            vehicle="boat",
            startLocation="beach",
            startDate="2024-09-07",
            summary="58 aboard, intercepted",
        ),
        e("Ownership", "o-acc", "NL-POL", owner="mny", asset="acc", role="account holder"),
        call("c1", "org", "rec"),
        call("c2", "org", "kpr"),
        call("c3", "org", "drv"),
        call("c4", "org", "lch"),
        call("c5", "org", "mny"),
        call("c6", "rec", "drv", agency="FR-PN"),
        call("c7", "kpr", "drv", agency="DE-BKA"),
        call("c8", "lch", "mny", agency="FR-PN"),
        pay("p1", "rec", "mny", "2024-09-02", "12000"),
        pay("p2", "mny", "org", "2024-09-04", "9000", agency="NL-POL"),
    ]
    for i in range(25):
        ents.append(e("Person", f"mig{i:02d}", "FR-PN", name=f"Migrant {i:02d}"))
        ents.append(call(f"cm{i:02d}", "rec", f"mig{i:02d}", agency="FR-PN"))
        ents.append(pay(f"pm{i:02d}", f"mig{i:02d}", "rec", "2024-09-01", "2500", agency="FR-PN"))
    return ents
