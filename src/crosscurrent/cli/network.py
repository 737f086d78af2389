"""Network analytics as a caller sees it: key players, disruption, chains, money, links.

Every command reads the caller's policy view only (``view.entities``), logs
what it showed before showing it, and prints JSON lines with ``--json``.
"""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from crosscurrent.cli.read import consulted
from crosscurrent.cli.util import Context, as_option, caller_for, main, pass_ctx
from crosscurrent.errors import CrosscurrentError
from crosscurrent.store.view import Caller, Key

if TYPE_CHECKING:  # the graph library takes a second to import: only commands that need it do
    from crosscurrent.graph.network import Network

ROUTE_HELP = {
    "hidden": "a payment not in your view",
    "undated": "a payment without a date in your view",
    "split": "a party split in two by resolution (one payment reaches one record, "
    "the next leaves from another)",
    "out of order": "a payment dated before the one that funds it",
    "missed": "visible, connected and in order, yet not found (a defect of the route finder)",
}
"""What each ``evaluate.ROUTE_REASONS`` means, said to the analyst."""

json_option = click.option("--json", "as_json", is_flag=True, help="JSON lines, one per result.")


class NotInView(CrosscurrentError):
    """Named on purpose like a missing record: the caller cannot tell hidden from absent."""


@contextmanager
def _network(
    ctx: Context, as_name: str, case: str
) -> Iterator[tuple[Any, Caller, "Network", dict[Key, str]]]:
    from crosscurrent.graph import build_network
    from crosscurrent.store import view

    with ctx.connect() as con:
        caller = caller_for(con, as_name, case)
        canon = view.clusters(con, caller)
        yield con, caller, build_network(view.entities(con, caller, canon)), canon


def _emit(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        click.echo(json.dumps(row, ensure_ascii=False, default=str))


@main.command("key-players", help="People who direct and join the network's stages, ranked.")
@as_option
@click.option("--top", default=10, show_default=True, type=click.IntRange(1))
@json_option
@pass_ctx
def key_players_cmd(ctx: Context, as_name: str, case: str, top: int, as_json: bool) -> None:
    from crosscurrent.graph import CAVEAT, key_players

    with _network(ctx, as_name, case) as (con, caller, net, _):
        players = key_players(net, top=top)
        consulted(ctx, con, caller, case, "key-players", [p.canonical_id for p in players])
    if as_json:
        _emit([{"rank": i, **asdict(p)} for i, p in enumerate(players, 1)])
        return
    click.echo(CAVEAT + "\n")
    for i, p in enumerate(players, 1):
        click.echo(f"{i:>3}  {p.score:.3f}  {p.name}  [{p.canonical_id}]")
        click.echo(f"     records: {', '.join(p.entity_ids)}")
        click.echo(f"     why: {p.why}")


@main.command(help="Remove people one at a time, ranking again after each; against random.")
@as_option
@click.option("--remove", help="Comma-separated canonical or source record ids.")
@click.option(
    "--strategy",
    type=click.Choice(["key-players", "degree", "betweenness", "kpp-neg", "random"]),
    default="key-players",
    show_default=True,
)
@click.option("-k", "k", default=5, show_default=True, type=click.IntRange(1))
@json_option
@pass_ctx
def disrupt(
    ctx: Context, as_name: str, case: str, remove: str | None, strategy: str, k: int, as_json: bool
) -> None:
    from crosscurrent.graph import money_routes, supply_chains
    from crosscurrent.graph.disrupt import disrupt as run
    from crosscurrent.graph.follow import resolve_party
    from crosscurrent.graph.impact import chains_cut, recovery, routes_cut

    with _network(ctx, as_name, case) as (con, caller, net, _):
        listed = []
        for query in (x for x in (remove or "").split(",") if x.strip()):
            found = resolve_party(net, query)
            if found is None:
                # Logged like any consultation: asking is itself a read.
                consulted(ctx, con, caller, case, "disrupt", [])
                raise NotInView(f"no person {query.strip()!r} in your view")
            listed.append(found)
        result = run(net, strategy, k, listed)
        all_chains, all_routes = supply_chains(net), money_routes(net)
        chains = chains_cut(net, all_chains, result.removed)
        routes = routes_cut(all_routes, result.removed)
        heirs, rewired = recovery(net, result.removed)
        shown = [*result.removed, *(s.canonical_id for h in heirs for s in h.successors)]
        consulted(ctx, con, caller, case, "disrupt", shown)
    if as_json:
        _emit([{**asdict(result), "chains_cut": chains, "routes_cut": len(routes),
                "recovery": [asdict(h) for h in heirs],
                "rewired": asdict(rewired) if rewired else None}])  # fmt: skip
        return
    b = result.before
    click.echo(f"strategy {result.strategy}; core of {b.nodes} people, LCC {b.lcc}, "
               f"F {b.fragmentation:.3f}, dF {b.distance_fragmentation:.3f}")  # fmt: skip
    for i, r in enumerate(result.removals, 1):
        a = r.after
        click.echo(f"{i:>3}  remove {r.name} [{r.canonical_id}]: LCC {a.lcc}, "
                   f"F {a.fragmentation:.3f}, dF {a.distance_fragmentation:.3f}")  # fmt: skip
    base = result.baseline
    click.echo(f"random removal of {len(result.removals)} ({base.draws} draws): "
               f"LCC {base.lcc:.1f}, F {base.fragmentation:.3f}, "
               f"dF {base.distance_fragmentation:.3f}")  # fmt: skip
    click.echo(f"supply chains cut: {len(chains)}/{len(all_chains)}; "
               f"money routes cut: {len(routes)}/{len(all_routes)}")  # fmt: skip
    for h in heirs:
        names = ", ".join(f"{s.name} ({s.shared} shared contacts)" for s in h.successors)
        click.echo(f"could take over from {h.removed}: {names or 'nobody in view'}")
    if rewired is not None:
        click.echo(f"after takeover: LCC {rewired.lcc}, F {rewired.fragmentation:.3f}, "
                   f"dF {rewired.distance_fragmentation:.3f}")  # fmt: skip


@main.command(help="A boat or engine from supplier to crossing, with the records for each step.")
@as_option
@click.argument("query", metavar="SERIAL_OR_ID")
@json_option
@pass_ctx
def trace(ctx: Context, as_name: str, case: str, query: str, as_json: bool) -> None:
    from crosscurrent.graph.trace import trace as run

    with _network(ctx, as_name, case) as (con, caller, net, _):
        found = run(net, query)
        consulted(ctx, con, caller, case, "trace", [t.chain.item_id for t in found])
    if not found:
        raise NotInView(f"no boat or engine {query!r} in your view")
    if as_json:
        _emit([asdict(t) for t in found])
        return
    for t in found:
        c = t.chain
        status = "complete" if c.complete else "partial, no " + ", ".join(c.missing)
        click.echo(f"{c.kind} {c.item} [{c.item_id}] serials {', '.join(t.serials)}: {status}")
        for step in c.steps:
            how = " (inferred)" if step.inferred else ""
            click.echo(f"  {step.step:<10} {step.date or '?':<10} {', '.join(step.labels)}{how}")
            if step.note:
                click.echo(f"             {step.note}")
            click.echo(f"             {', '.join(step.agencies)}: {', '.join(step.records)}")
        if t.people:
            click.echo("  people: " + ", ".join(name for _, name in t.people))


@main.command(help="Money in and out of one party: time-respecting routes, fan-in/out, hawala.")
@as_option
@click.argument("query", metavar="ID")
@click.option("--limit", default=20, show_default=True, help="Paths to print.")
@json_option
@pass_ctx
def follow(ctx: Context, as_name: str, case: str, query: str, limit: int, as_json: bool) -> None:
    from crosscurrent.graph.follow import follow as run
    from crosscurrent.graph.follow import resolve_party

    with _network(ctx, as_name, case) as (con, caller, net, _):
        party = resolve_party(net, query)
        if party is None:
            consulted(ctx, con, caller, case, "follow", [])
            raise NotInView(f"no party {query!r} in your view")
        found = run(net, party)
        shown = {party, *(p for r in found.routes for p in r.parties)}
        consulted(ctx, con, caller, case, "follow", sorted(shown))
    if as_json:
        _emit([{**asdict(found), "paths": [asdict(p) for p in found.paths]}])
        return
    click.echo(f"{found.name} [{found.party}]")
    for label, flow in (("in", found.fan_in), ("out", found.fan_out)):
        totals = ", ".join(f"{v:g} {c}" for c, v in flow.totals.items()) or "-"
        click.echo(f"  {label}: {flow.payments} payments, {flow.counterparts} parties, {totals}")
    paths = found.paths
    click.echo(f"  routes: {len(found.routes)} ({len(found.layered)} of 3 payments or more) "
               f"along {len(paths)} paths")  # fmt: skip
    for path in paths[:limit]:
        dates = f"{path.first_date} .. {path.last_date}"
        click.echo(f"    {' -> '.join(path.names)}: {path.routes} routes, {dates}, "
                   f"{', '.join(path.currencies)}")  # fmt: skip
    for b in found.brokers:
        click.echo(f"  hawala-like: {b.name} [{b.canonical_id}]: {b.why}")


@main.command("suggest-links", help="Likely missing ties between people, with the evidence.")
@as_option
@click.option("--top", default=20, show_default=True, type=click.IntRange(1))
@json_option
@pass_ctx
def suggest_links(ctx: Context, as_name: str, case: str, top: int, as_json: bool) -> None:
    from crosscurrent.graph.suggest import suggest_links as run

    with _network(ctx, as_name, case) as (con, caller, net, _):
        found = run(net, top=top)
        consulted(
            ctx, con, caller, case, "suggest-links", sorted({x for s in found for x in (s.a, s.b)})
        )
    if as_json:
        _emit([asdict(s) for s in found])
        return
    for s in found:
        click.echo(f"{s.score:.3f}  {s.a_name} [{s.a}] -- {s.b_name} [{s.b}]")
        click.echo("       " + "; ".join(s.evidence))


@main.command("eval-network", help="Key players, chains and money scored on a scenario's truth.")
@as_option
@click.option("--truth", "truth_path", type=click.Path(exists=True, path_type=Path),
              help="Scenario directory, its truth directory or network.json "
                   "[default: the scenario next to the store].")  # fmt: skip
@click.option("--top", default=10, show_default=True, type=click.IntRange(1))
@pass_ctx
def eval_network(ctx: Context, as_name: str, case: str, truth_path: Path | None, top: int) -> None:
    from crosscurrent.graph import money_routes, supply_chains
    from crosscurrent.graph.evaluate import evaluate, load_truth
    from crosscurrent.graph.keyplayers import COMBINATIONS

    truth = load_truth(truth_path or ctx.path.parent / "scenario")
    with _network(ctx, as_name, case) as (con, caller, net, canon):
        result = evaluate(net, canon, truth, supply_chains(net), money_routes(net), top=top)
        consulted(ctx, con, caller, case, "eval-network", [])
    n = len(result.organisers)
    click.echo(f"organisers in the top {top} key players, by measure:")
    for name in COMBINATIONS:
        click.echo(f"  {name:<12} {result.recall(name)}/{n}")
    for o in result.organisers:
        ranks = "  ".join(f"{k} {v or '-'}" for k, v in o.ranks.items())
        seen = "" if o.visible else "  (not in your view)"
        click.echo(f"  {o.entity} {o.name} ({o.stage}): {ranks}{seen}")
    click.echo(f"supply chains: {result.chains_seen}/{result.chains_planted} seen, "
               f"{result.chains_complete} complete")  # fmt: skip
    click.echo(f"money routes followed: {result.routes_followed}/{result.routes_planted}")
    for reason, count in result.routes_unfollowed.items():
        if count:
            click.echo(f"  not followed, {ROUTE_HELP[reason]}: {count}")
