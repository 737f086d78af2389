"""Readable tables for ``crosscurrent situation`` and lines for ``check-claims``."""

from collections.abc import Iterable, Mapping
from datetime import date

from rich.table import Table

from crosscurrent.model.markings import Derived
from crosscurrent.situation.claims import Outcome, Verdict
from crosscurrent.situation.events import SituationEvent
from crosscurrent.situation.levels import volume_level
from crosscurrent.situation.links import EventLinks
from crosscurrent.situation.picture import OverviewRow, SectionPeriod, SeriesView
from crosscurrent.situation.series import Change, Total

MISSING = "missing"


def number(total: Total) -> str:
    """A total as printed: missing when no figure, flagged when some are missing."""
    if total.present == 0:
        return MISSING
    text = f"{total.value:,}"
    return text if total.complete else f"{text} ({total.missing} missing)"


def percent(change: Change) -> str:
    pct = change.percent
    if pct is None or change.before.present == 0 or change.after.present == 0:
        return "n/a"
    return f"{pct:+.1f}%" + ("" if change.complete else " (incomplete)")


def overview_table(rows: list[OverviewRow]) -> Table:
    table = Table(title="Official statistics: latest figures against the same days a year before")
    for col in ("series", "window", "people", "a year before", "change", "per day", "level"):
        table.add_column(col, justify="right" if col not in ("series", "window") else "left")
    for r in rows:
        per_day = r.total.per_day()
        table.add_row(
            f"{r.series.id} ({r.series.border})", f"{r.name} {r.total.window.label}",
            number(r.total), number(r.year_before), percent(Change(r.year_before, r.total)),
            "-" if per_day is None else f"{per_day:,.0f}", r.level.value,
        )  # fmt: skip
    return table


def series_table(view: SeriesView, totals: list[Total]) -> Table:
    info = view.info
    table = Table(title=f"{info.title}: {view.measure}, {view.window.label}")
    for col in ("period", view.measure, "figures", "per day", "level"):
        table.add_column(col, justify="left" if col == "period" else "right")
    for t in totals:
        per_day = t.per_day()
        level = "-"
        if view.measure == "people" and per_day is not None:
            level = volume_level(per_day).value
        table.add_row(
            t.window.label, number(t), f"{t.present}/{t.expected}",
            "-" if per_day is None else f"{per_day:,.1f}", level,
        )  # fmt: skip
    return table


def change_table(rows: Iterable[tuple[str, Change]], measure: str) -> Table:
    table = Table(title=f"Change in {measure}")
    for col in ("comparison", "before", "after", "difference", "change"):
        table.add_column(col, justify="left" if col == "comparison" else "right")
    for name, c in rows:
        diff = f"{c.difference:+,}" if c.before.present and c.after.present else "n/a"
        table.add_row(name, number(c.before), number(c.after), diff, percent(c))
    return table


def busiest_table(days: list[tuple[date, int]], measure: str) -> Table:
    table = Table(title=f"Busiest days ({measure})")
    table.add_column("rank", justify="right")
    table.add_column("day")
    table.add_column(measure, justify="right")
    for i, (day, value) in enumerate(days, start=1):
        table.add_row(str(i), f"{day} {day:%a}", f"{value:,}")
    return table


def provenance(view: SeriesView) -> str:
    used = view.editions()
    if used is None:
        return f"Source: {view.info.attribution}"
    first, last, statuses = used
    span = str(last) if first == last else f"{first} to {last}"
    return (
        f"Editions used: {span} ({', '.join(sorted(statuses))}; latest per period). "
        f"Source: {view.info.attribution} Licence: {view.info.licence}."
    )


def section_table(rows: list[SectionPeriod]) -> Table:
    table = Table(title="Agencies' events by border section and period (caller's view)")
    for col in (
        "section",
        "period",
        "events",
        "people aboard",
        "deaths",
        "missing",
        "worst",
        "level",
    ):
        table.add_column(col, justify="left" if col in ("section", "period") else "right")
    for r in rows:
        table.add_row(
            r.section, r.window.label, str(r.events), f"{r.people:,}", str(r.deaths),
            str(r.missing), r.worst.value if r.worst else "-", r.level.value,
        )  # fmt: skip
    return table


def events_table(events: list[SituationEvent], markings: Mapping[str, Derived]) -> Table:
    table = Table(title="Latest events (caller's view)")
    for col in ("day", "kind", "section", "place", "aboard", "deaths", "missing", "impact",
                "confidence", "reports", "originators", "marking"):  # fmt: skip
        table.add_column(col)
    for e in events:
        m = markings.get(e.id)
        marking = "-" if m is None else f"{m.handling.value}, to {', '.join(m.releasable_to)}"
        table.add_row(
            str(e.day or "?"), e.kind, e.section or "unknown", e.site_name or "-",
            _count(e.aboard), _count(e.deaths), _count(e.missing), e.impact.value,
            e.confidence, str(len(e.reports)), ", ".join(e.originators), marking,
        )  # fmt: skip
    return table


def _count(value: int | None) -> str:
    return "-" if value is None else str(value)


def links_table(events: list[SituationEvent], links: Mapping[str, EventLinks]) -> Table:
    """Where each event leads in the network the caller sees."""
    table = Table(title="Events in the network (caller's view)")
    for col in ("day", "kind", "boat or engine: supply chain", "place used by"):
        table.add_column(col)
    for e in events:
        found = links.get(e.id)
        if found is None or not (found.chains or found.site_users):
            continue
        chains = [
            f"{c.kind} {c.serial or c.item}: "
            + ", ".join(f"{s.step.value} {'/'.join(s.labels) or '?'}" for s in c.steps)
            for c in found.chains
        ]
        users = [
            f"{u.caption} ({u.via})" + ("" if u.visible else ", record not in your view")
            for u in found.site_users[:6]
        ]
        if len(found.site_users) > 6:
            users.append(f"and {len(found.site_users) - 6} more")
        table.add_row(str(e.day or "?"), e.kind, "\n".join(chains) or "-", "\n".join(users) or "-")
    return table


def verdict_lines(v: Verdict) -> list[str]:
    c = v.claim
    lines = [f"{c.id}: {v.answer.value.upper()}", f"  claim: {c.text}", f"  said: {c.said}"]
    lines.append(f"  checked: {_outcome(v.primary, c.compare, c.expected, c.tolerance)}")
    for o in v.alternatives:
        lines.append(f"  also read as: {_outcome(o, c.compare, c.expected, c.tolerance)}")
    if v.holds_for and v.answer.value != "supported":
        lines.append("  holds for: " + "; ".join(o.reading.label for o in v.holds_for))
    lines.extend(f"  note: {n}" for n in v.notes)
    return lines


def _outcome(o: Outcome, compare: str, expected: float, tolerance: float) -> str:
    want = f"{compare} {expected:,g}" + (f" ±{tolerance:g}" if tolerance else "")
    mark = "holds" if o.holds else "does not hold"
    if o.actual is None:
        mark = "cannot be checked"
    return f"{o.reading.label}: {o.detail} (claim: {want}) -> {mark}"
