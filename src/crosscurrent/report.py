"""The analyst's report: network size, key players, supply chains and money routes."""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from followthemoney.statement import StatementEntity
from rich.console import Console
from rich.table import Table
from rich.text import Text

from crosscurrent.graph import (
    CAVEAT,
    ChainStep,
    KeyPlayer,
    MoneyRoute,
    Network,
    SupplyChain,
    build_network,
    group_by_destination,
    key_players,
    money_routes,
    supply_chains,
)
from crosscurrent.graph.picture import Scene, draw, scene
from crosscurrent.graph.supply import REQUIRED, Step
from crosscurrent.model.markings import Derived, Marking, derive, tlp

MarkingOf = Callable[[str | None, str], Marking | None]
"""(statement id, dataset) -> the marking the statement carries, as the caller sees it."""


@dataclass(frozen=True)
class NetworkSize:
    entities_by_schema: dict[str, int]
    edges_by_type: dict[str, int]
    """Edges by schema; UnknownLinks by role too (``UnknownLink: stored at``)."""
    agencies: dict[str, int]
    """Agency -> entities its records contribute to."""
    nodes: int
    edges: int
    unresolved_calls: int


@dataclass(frozen=True)
class Report:
    size: NetworkSize
    key_players: list[KeyPlayer]
    supply_chains: list[SupplyChain]
    money_routes: list[MoneyRoute]
    caveat: str = CAVEAT
    network: Network | None = field(default=None, repr=False, compare=False)
    """The caller's network the report was made of (for the picture)."""


def _size(net: Network) -> NetworkSize:
    edges = Counter(edge.label for edge in net.edges)
    return NetworkSize(
        entities_by_schema=dict(sorted(net.entities_by_schema.items())),
        edges_by_type=dict(sorted(edges.items())),
        agencies=dict(sorted(net.entities_by_agency.items())),
        nodes=len(net.nodes),
        edges=len(net.edges),
        unresolved_calls=net.unresolved_calls,
    )


def build_report(entities: Iterable[StatementEntity], top: int = 10) -> Report:
    """Analyse the caller's view of the network (resolved, policy-filtered entities)."""
    net = build_network(entities)
    return Report(
        size=_size(net),
        key_players=key_players(net, top=top),
        supply_chains=supply_chains(net),
        money_routes=money_routes(net),
        network=net,
    )


def scene_marking(
    shown: Scene, entities: Iterable[StatementEntity], marking_of: MarkingOf
) -> Derived | None:
    """The marking of a picture: no wider than any statement behind what it draws
    (nodes and the records of the ties), handled as the strictest."""
    wanted = {*shown.nodes, *shown.edge_ids}
    sources = [
        m
        for entity in entities
        if entity.id in wanted
        for stmt in entity.statements
        if (m := marking_of(stmt.id, stmt.dataset)) is not None
    ]
    return derive(sorted(set(sources), key=repr)) if sources else None


def marking_line(marking: Derived | None) -> str:
    """One line for the top and bottom of a picture."""
    if marking is None:
        return "NO CONTENT"
    label = tlp(Marking(marking.originators[0], marking.releasable_to, marking.handling))
    return (
        f"{label} · releasable to {', '.join(marking.releasable_to)} · "
        f"handling {marking.handling.value} · from {', '.join(marking.originators)}"
    )


def picture_heading(label: str, agency: str | None, case: str) -> str:
    """Who the picture was drawn for: the user and their agency, and the case."""
    who = label if agency in (None, label) else f"{label} ({agency})"
    return f"Network around the key players, as {who}, case {case}"


def picture(
    net: Network,
    players: list[KeyPlayer],
    entities: Iterable[StatementEntity],
    marking_of: MarkingOf,
    heading: str,
    fmt: str = "svg",
) -> tuple[bytes, Scene]:
    """The network around ``players`` as an image, marked; and what it shows."""
    shown = scene(net, players)
    line = marking_line(scene_marking(shown, entities, marking_of))
    return draw(net, shown, heading, line, fmt), shown


def _text(value: str) -> Text:
    # Text, not markup: names and notes come from agency data and may hold "[...]".
    return Text(value)


def _agencies(agencies: Iterable[str]) -> str:
    return ", ".join(agencies) or "-"


def _size_table(size: NetworkSize) -> Table:
    table = Table(title="Network size", title_justify="left")
    table.add_column("Kind")
    table.add_column("Name")
    table.add_column("Count", justify="right")
    sections = (
        ("entity", size.entities_by_schema),
        ("link", size.edges_by_type),
        ("agency", size.agencies),
    )
    for kind, counts in sections:
        for name, count in counts.items():
            table.add_row(kind, _text(name), str(count))
        table.add_section()
    table.add_row("total", "nodes / links", f"{size.nodes} / {size.edges}")
    if size.unresolved_calls:
        table.add_row("total", "calls with unknown parties", str(size.unresolved_calls))
    return table


def _players_table(players: list[KeyPlayer], caveat: str) -> Table:
    table = Table(title="Key players", title_justify="left", caption=caveat)
    table.add_column("#", justify="right")
    table.add_column("Name")
    table.add_column("Score", justify="right")
    table.add_column("Why")
    table.add_column("Agencies")
    table.add_column("Records")
    for rank, player in enumerate(players, 1):
        table.add_row(
            str(rank),
            _text(player.name),
            f"{player.score:.2f}",
            _text(player.why),
            _agencies(player.agencies),
            _text(", ".join(player.entity_ids)),
        )
    return table


def _step_cell(step: ChainStep | None) -> Text:
    if step is None:
        return Text("-", style="dim")
    cell = Text(", ".join(step.labels) or "?")
    if step.note:
        cell.append(f"\n{step.note}", style="italic")
    detail = " ".join(x for x in (step.date, f"[{_agencies(step.agencies)}]") if x)
    cell.append(f"\n{detail}", style="dim")
    if step.inferred:
        cell.append(" (inferred)", style="yellow")
    return cell


def _supply_table(chains: list[SupplyChain], limit: int) -> Table:
    title = f"Supply chains ({len(chains)} boats and engines with evidence)"
    table = Table(title=title, title_justify="left")
    table.add_column("Item")
    for step in REQUIRED:
        table.add_column(step.value.capitalize())
    table.add_column("Status")
    for chain in chains[:limit]:
        item = Text(f"{chain.kind}: {chain.item}")
        if chain.serial and chain.serial != chain.item:
            item.append(f"\n{chain.serial}", style="dim")
        status = Text("complete" if chain.complete else "partial, no " + ", ".join(chain.missing))
        seized = chain.step(Step.SEIZURE)
        if seized is not None:
            status.append(f"\nseized at {', '.join(seized.labels)}", style="red")
        status.append(f"\n[{_agencies(chain.agencies)}]", style="dim")
        cells = [_step_cell(chain.step(step)) for step in REQUIRED]
        table.add_row(item, *cells, status)
    return table


def _funnels(group: list[MoneyRoute]) -> list[tuple[MoneyRoute, int]]:
    """Routes that differ only in who paid first, as (best-ranked route, other payers).

    Many migrants paying one recruiter whose money moves on make as many routes
    that differ only in the first name; an analyst wants the route once.
    """
    funnels: dict[tuple[str, ...], list[MoneyRoute]] = {}
    for route in group:
        funnels.setdefault(route.parties[1:], []).append(route)
    return [(routes[0], len(routes) - 1) for routes in funnels.values()]


def _money_table(routes: list[MoneyRoute], destinations: int, per_destination: int) -> Table:
    table = Table(title=f"Money routes ({len(routes)} found)", title_justify="left")
    table.add_column("Route")
    table.add_column("Hops", justify="right")
    table.add_column("Dates")
    table.add_column("Amounts")
    table.add_column("Agencies")
    for _, group in group_by_destination(routes)[:destinations]:
        funnels = _funnels(group)
        for route, others in funnels[:per_destination]:
            path = Text(" -> ".join(route.names))
            if others:
                path.append(f"\n(and {others} other first payers)", style="dim")
            amounts = ", ".join(
                f"{t.amount:g} {t.currency or ''}".strip() if t.amount is not None else "?"
                for t in route.transfers
            )
            table.add_row(
                path,
                str(route.hops),
                f"{route.first_date} .. {route.last_date}",
                amounts,
                _agencies(route.agencies),
            )
        if len(funnels) > per_destination:
            more = len(funnels) - per_destination
            name = group[0].names[-1]
            table.add_row(Text(f"... {more} more routes to {name}", style="dim"))
        table.add_section()
    return table


def render_report(
    report: Report,
    console: Console,
    chains: int = 10,
    destinations: int = 5,
    routes_per_destination: int = 3,
) -> None:
    """Print the report as tables; limits keep it to what an analyst reads first."""
    console.print(_size_table(report.size))
    console.print(_players_table(report.key_players, report.caveat))
    console.print(_supply_table(report.supply_chains, chains))
    console.print(_money_table(report.money_routes, destinations, routes_per_destination))
