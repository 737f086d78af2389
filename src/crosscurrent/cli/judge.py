"""Analysts' judgements on pairs of records, and why two records are one entity or not."""

import click

from crosscurrent.cli.util import Context, as_option, caller_for, log, main, pass_ctx
from crosscurrent.errors import CrosscurrentError
from crosscurrent.store import judgements, view
from crosscurrent.store.judgements import Key, Verdict


def record(ref: str) -> Key:
    """``DATASET/ENTITY_ID``, the entity id exactly as in the source file."""
    dataset, sep, entity_id = ref.partition("/")
    if not sep or not dataset or not entity_id:
        raise CrosscurrentError(f"{ref!r}: name a record as DATASET/ENTITY_ID")
    return dataset, entity_id


class NoSuchRecord(CrosscurrentError):
    """The same answer for a record that does not exist and one the caller cannot see."""

    def __init__(self) -> None:
        super().__init__("no such record")


@main.command(help="Judge two records (DATASET/ID): the same thing, different, or unsure.")
@click.argument("a")
@click.argument("b")
@click.option("--merge", "verdict", flag_value="merge", help="They are the same.")
@click.option("--split", "verdict", flag_value="split", help="They are different.")
@click.option("--unsure", "verdict", flag_value="unsure", help="Cannot tell yet.")
@click.option("--undo", "verdict", flag_value="undo", help="Withdraw the judgement in force.")
@click.option("--by", "by", required=True, help="The user who judges (must see both records).")
@click.option("--resolve/--no-resolve", default=True, help="Re-resolve now (default).")
@pass_ctx
def judge(ctx: Context, a: str, b: str, verdict: str | None, by: str, resolve: bool) -> None:
    from crosscurrent.resolve.resolver import resolve as run
    from crosscurrent.resolve.rules import family

    if verdict is None:
        raise CrosscurrentError("say --merge, --split, --unsure or --undo")
    left, right = record(a), record(b)
    with ctx.connect() as con:
        caller = caller_for(con, by)
        if caller.user is None:
            raise CrosscurrentError("a judgement is made by a user, not an agency")
        seen = view.clusters(con, caller)
        if left not in seen or right not in seen:
            raise NoSuchRecord()
        if verdict == "merge":
            found = view.profiles(con, caller, [left, right])
            if family(found[left].schema) != family(found[right].schema):
                raise CrosscurrentError(
                    f"a {found[left].schema} and a {found[right].schema} cannot be one entity"
                )
        con.begin()
        try:
            if verdict == "undo":
                if not judgements.undo(con, left, right):
                    raise CrosscurrentError("no judgement in force on that pair")
            else:
                judgements.judge(
                    con, left, right, Verdict(verdict), caller.user, str(caller.agency)
                )
            log(ctx, con, "alteration", [f"{left[0]}/{left[1]}", f"{right[0]}/{right[1]}"],
                caller, detail={"judgement": verdict})  # fmt: skip
            con.commit()
        except BaseException:
            con.rollback()
            raise
        if resolve:
            run(con)
    click.echo(f"{verdict}: {a} and {b}" + ("" if resolve else " (applies at the next resolve)"))


@main.command(help="The evidence between two records (DATASET/ID), as the caller sees it.")
@click.argument("a")
@click.argument("b")
@as_option
@pass_ctx
def explain(ctx: Context, a: str, b: str, as_name: str, case: str) -> None:
    from crosscurrent.resolve.explain import explain as why

    left, right = record(a), record(b)
    with ctx.connect() as con:
        caller = caller_for(con, as_name, case)
        evidence = why(con, caller, left, right)
        if evidence is None:
            raise NoSuchRecord()
        log(ctx, con, "consultation", [f"{left[0]}/{left[1]}", f"{right[0]}/{right[1]}"],
            caller, case, {"read": "explain"})  # fmt: skip
    for item in evidence:
        click.echo(f"{item.rule:<20} {item.verdict:<26} {item.detail}")


@main.command(help="Pairs of people with mixed evidence, most uncertain first, to judge.")
@as_option
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1))
@pass_ctx
def review(ctx: Context, as_name: str, case: str, limit: int) -> None:
    from crosscurrent.resolve.review import review as queue

    with ctx.connect() as con:
        caller = caller_for(con, as_name, case)
        found = queue(con, caller, limit)
        ids = [f"{k[0]}/{k[1]}" for c in found for k in (c.left, c.right)]
        log(ctx, con, "consultation", ["review", *sorted(set(ids))], caller, case,
            {"read": "review"})  # fmt: skip
    for c in found:
        click.echo(
            f"{c.left[0]}/{c.left[1]}\t{c.right[0]}/{c.right[1]}\t{c.points:+d}\t"
            f"{'; '.join(c.evidence)}"
        )
    if not found:
        click.echo("nothing to review")
