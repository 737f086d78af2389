"""What a node is in a smuggling network, read from the FtM conventions.

See docs/conventions.md: boats are Vessels, engines and vans are Vehicles told
apart by ``type``, storage and launch sites are Addresses told apart by ``remarks``.
"""

from enum import StrEnum

from crosscurrent.graph.network import Edge, Node


class Kind(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"
    BOAT = "boat"
    ENGINE = "engine"
    VEHICLE = "vehicle"
    """Van or car: the transport stage."""
    STORAGE_SITE = "storage site"
    LAUNCH_SITE = "launch site"
    ADDRESS = "address"
    ACCOUNT = "account"
    OTHER = "other"


_ORGANISATIONS = frozenset({"Company", "Organization", "LegalEntity", "PublicBody"})


def node_kind(node: Node) -> Kind:
    schema = node.schema
    if schema == "Person":
        return Kind.PERSON
    if schema in _ORGANISATIONS:
        return Kind.ORGANISATION
    if schema == "Vessel":
        return Kind.BOAT
    if schema == "Vehicle":
        # Agencies write free text ("Outboard engine", "outboard motor 40hp").
        kind = " ".join(node.props.get("type", ())).casefold()
        if "engine" in kind or "motor" in kind:
            return Kind.ENGINE
        if "boat" in kind or "dinghy" in kind:
            return Kind.BOAT
        return Kind.VEHICLE
    if schema == "Address":
        remarks = " ".join(node.props.get("remarks", ())).casefold()
        if "storage" in remarks:
            return Kind.STORAGE_SITE
        if "launch" in remarks:
            return Kind.LAUNCH_SITE
        return Kind.ADDRESS
    if schema == "BankAccount":
        return Kind.ACCOUNT
    return Kind.OTHER


def is_item(kind: Kind) -> bool:
    """Boats and engines: what the supply chain moves."""
    return kind in (Kind.BOAT, Kind.ENGINE)


def role_key(edge: Edge) -> str:
    """The edge's role, with case and spacing as agencies vary them removed."""
    return " ".join((edge.role or "").split()).casefold()


def has_role(edge: Edge, role: str) -> bool:
    return role_key(edge) == role
