"""Operator administration: agencies, users, tokens, dataset settings, erasure, retention."""

import getpass
import sys
from datetime import date

import click

from crosscurrent.cli.util import Context, log, main, pass_ctx
from crosscurrent.errors import InvalidMarking
from crosscurrent.model.markings import Marking, parse_handling, parse_releasable
from crosscurrent.share import users
from crosscurrent.store import erasure, registry


@main.group()
def agency() -> None:
    """Register, list and remove partner agencies."""


@agency.command("add", help="Register an agency (or update its name and country).")
@click.argument("code")
@click.argument("name")
@click.option("--country", help="ISO country code: the region for national-format phones.")
@pass_ctx
def agency_add(ctx: Context, code: str, name: str, country: str | None) -> None:
    with ctx.connect() as con:
        new = registry.add_agency(con, code, name, country)
        log(
            ctx,
            con,
            "administration",
            [code.upper()],
            detail={"agency": "added" if new else "updated"},
        )
    click.echo(f"{'added' if new else 'updated'} agency {code.upper()}")


@agency.command("list", help="List registered agencies.")
@pass_ctx
def agency_list(ctx: Context) -> None:
    with ctx.connect() as con:
        for a in registry.agencies(con):
            click.echo(f"{a.code}\t{a.name}\t{a.country or ''}")


@agency.command("remove", help="Unregister an agency: it and its users read nothing from now on.")
@click.argument("code")
@pass_ctx
def agency_remove(ctx: Context, code: str) -> None:
    with ctx.connect() as con:
        registry.remove_agency(con, code)
        log(ctx, con, "administration", [code.upper()], detail={"agency": "removed"})
    click.echo(f"removed agency {code.upper()}")


@main.group()
def user() -> None:
    """Users of an agency, their roles and API tokens."""


@user.command("add", help="Add a user of an agency with roles (analyst, supervisor, ...).")
@click.argument("name")
@click.option("--agency", "agency_code", required=True)
@click.option("--roles", default="analyst", show_default=True, help="Comma-separated roles.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@pass_ctx
def user_add(ctx: Context, name: str, agency_code: str, roles: str, password_stdin: bool) -> None:
    password: str | None = None
    stdin = sys.stdin
    if password_stdin:
        password = stdin.readline().rstrip("\n") or None
    elif stdin.isatty():
        password = getpass.getpass(f"password for {name}: ") or None
    with ctx.connect() as con:
        made = users.add_user(con, name, agency_code, users.parse_roles(roles), password)
        log(
            ctx, con, "administration", [made.name], detail={"user": "added", "agency": made.agency}
        )
    click.echo(f"added user {made.name} of {made.agency} ({', '.join(sorted(made.roles))})")


@user.command("disable", help="Disable a user and revoke its tokens; effective on the next read.")
@click.argument("name")
@pass_ctx
def user_disable(ctx: Context, name: str) -> None:
    with ctx.connect() as con:
        users.set_disabled(con, name, True)
        log(ctx, con, "administration", [name], detail={"user": "disabled"})
    click.echo(f"disabled user {name}")


@user.command("enable", help="Enable a disabled user (its old tokens stay revoked).")
@click.argument("name")
@pass_ctx
def user_enable(ctx: Context, name: str) -> None:
    with ctx.connect() as con:
        users.set_disabled(con, name, False)
        log(ctx, con, "administration", [name], detail={"user": "enabled"})
    click.echo(f"enabled user {name}")


@user.command("token", help="Create an API token for a user (printed once).")
@click.argument("name")
@pass_ctx
def user_token(ctx: Context, name: str) -> None:
    with ctx.connect() as con:
        token = users.create_token(con, name)
        log(ctx, con, "administration", [name], detail={"token": token.split("_")[1]})
    click.echo(token)


@user.command("revoke", help="Revoke an API token by its id (the part after cc_).")
@click.argument("token_id")
@pass_ctx
def user_revoke(ctx: Context, token_id: str) -> None:
    with ctx.connect() as con:
        if not users.revoke_token(con, token_id):
            raise users.UserError(f"no live token {token_id!r}")
        log(ctx, con, "administration", [token_id], detail={"token": "revoked"})
    click.echo(f"revoked token {token_id}")


@main.group()
def dataset() -> None:
    """Dataset markings, hit/no-hit, review dates and erasure."""


@dataset.command("list", help="Datasets with their originator, marking and review date.")
@pass_ctx
def dataset_list(ctx: Context) -> None:
    with ctx.connect() as con:
        rows = con.execute(
            "SELECT name, agency, releasable_to, handling, hits_allowed, review_date "
            "FROM dataset ORDER BY name"
        ).fetchall()
    for name, agency_code, released, handling, hits, review in rows:
        click.echo(
            f"{name}\t{agency_code}\t{','.join(released)}\t{handling}\t"
            f"{'hits' if hits else 'no-hits'}\t{review or ''}"
        )


@dataset.command("set", help="Change a dataset's marking, hit/no-hit, contact or review date.")
@click.argument("name")
@click.option("--releasable-to", help="Agency codes or 'all'; narrowing applies on the next read.")
@click.option("--handling", help="H0-H3.")
@click.option("--handling-text", help="The restriction in words (H3).")
@click.option("--hits/--no-hits", default=None, help="Allow hit/no-hit answers to others.")
@click.option("--contact", help="Contact point given with a hit.")
@click.option("--review-date", type=click.DateTime(["%Y-%m-%d"]), help="Next review (YYYY-MM-DD).")
@pass_ctx
def dataset_set(
    ctx: Context, name: str, releasable_to: str | None, handling: str | None,
    handling_text: str | None, hits: bool | None, contact: str | None, review_date: object,
) -> None:  # fmt: skip
    with ctx.connect() as con:
        current = registry.dataset_marking(con, name)
        if current is None:
            raise InvalidMarking(f"no dataset {name!r}")
        if releasable_to is not None or handling is not None:
            released = (
                parse_releasable(releasable_to, current.originator)
                if releasable_to is not None
                else current.releasable_to
            )
            handled = parse_handling(handling) if handling is not None else current.handling
            registry.set_dataset(con, name, Marking(current.originator, released, handled))
        review = review_date.date() if hasattr(review_date, "date") else None
        registry.set_dataset_options(con, name, hits, contact, review, handling_text)
        log(ctx, con, "alteration", [name], detail={"dataset": "settings-changed"})
    click.echo(f"updated dataset {name}")


@dataset.command("delete", help="Erase a dataset and its effect on resolution everywhere.")
@click.argument("name")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_ctx
def dataset_delete(ctx: Context, name: str, yes: bool) -> None:
    from crosscurrent.resolve.resolver import resolve

    if not yes:
        click.confirm(f"erase dataset {name} and re-resolve?", abort=True)
    with ctx.connect() as con:
        con.begin()
        try:
            erased = erasure.erase_dataset(con, name)
            log(ctx, con, "erasure", [name], detail={
                "statements": erased.statements, "entities": erased.entities,
            })  # fmt: skip
            con.commit()
        except BaseException:
            con.rollback()
            raise
        resolve(con)
    click.echo(f"erased {name}: {erased.statements} statements of {erased.entities} entities")


@main.command(help="Datasets due for review, and those without a review date.")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), help="Review as of (default today).")
@pass_ctx
def retention(ctx: Context, today: object) -> None:
    as_of = today.date() if hasattr(today, "date") else date.today()
    with ctx.connect() as con:
        due = erasure.due_for_review(con, as_of)
    for review in due:
        when = review.review_date.isoformat() if review.review_date else "no review date"
        click.echo(f"{review.dataset}\t{review.agency}\t{when}")
    if not due:
        click.echo(f"nothing due for review on {as_of.isoformat()}")
