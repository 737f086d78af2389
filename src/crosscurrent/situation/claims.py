"""Checking figures quoted in briefings against the official series.

A claims file (YAML) lists claims in the checker's own words, each with the
series, window, aggregate and expected figure it implies, and where it was
said. Each is answered *supported*, *not supported* (with the real figure),
*supported only for a stated window* (with the windows where it holds) or *no
data*; a window with missing days is never read as if they were zero.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

from crosscurrent.situation import series as agg
from crosscurrent.situation.catalogue import series_info
from crosscurrent.situation.windows import BadWindow, Window, parse_window

COMPARISONS: dict[str, Callable[[float, float, float], bool]] = {
    "equal": lambda actual, expected, tol: abs(actual - expected) <= tol,
    "about": lambda actual, expected, tol: abs(actual - expected) <= tol,
    "more-than": lambda actual, expected, _: actual > expected,
    "at-least": lambda actual, expected, _: actual >= expected,
    "less-than": lambda actual, expected, _: actual < expected,
    "at-most": lambda actual, expected, _: actual <= expected,
}
AGGREGATES = ("total", "change")


class Answer(StrEnum):
    SUPPORTED = "supported"
    NOT_SUPPORTED = "not supported"
    ONLY_FOR_WINDOW = "supported only for a stated window"
    NO_DATA = "no data"


class BadClaim(ValueError):
    pass


@dataclass(frozen=True)
class Reading:
    """One way to read a claim: a series and a window (and a baseline for changes)."""

    series: str
    window: Window
    baseline: Window | None = None
    note: str | None = None

    @property
    def label(self) -> str:
        text = f"{self.series} {self.window.label}"
        if self.baseline is not None:
            text += f" vs {self.baseline.label}"
        return text + (f" ({self.note})" if self.note else "")


@dataclass(frozen=True)
class Claim:
    id: str
    text: str
    said: str
    measure: str
    aggregate: str
    expected: float
    compare: str
    tolerance: float
    reading: Reading
    alternatives: tuple[Reading, ...] = ()
    weekday: str | None = None


@dataclass(frozen=True)
class Outcome:
    """A reading's figure: ``actual`` None when it cannot be computed."""

    reading: Reading
    actual: float | None
    holds: bool
    detail: str


@dataclass(frozen=True)
class Verdict:
    claim: Claim
    answer: Answer
    primary: Outcome
    alternatives: tuple[Outcome, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def holds_for(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.alternatives if o.holds)


def _reading(spec: Mapping[str, Any], default_series: str | None) -> Reading:
    series = str(spec.get("series") or default_series or "")
    if not series:
        raise BadClaim("a reading needs a series")
    try:
        window = parse_window(str(spec["window"]))
        base = parse_window(str(spec["baseline"])) if spec.get("baseline") else None
    except KeyError:
        raise BadClaim("a reading needs a window") from None
    except BadWindow as exc:
        raise BadClaim(str(exc)) from None
    return Reading(series, window, base, spec.get("note"))


def parse_claim(spec: Mapping[str, Any]) -> Claim:
    cid = str(spec.get("id", "?"))
    try:
        compare = str(spec.get("compare", "equal"))
        aggregate = str(spec.get("aggregate", "total"))
        if compare not in COMPARISONS or aggregate not in AGGREGATES:
            raise BadClaim(f"compare must be one of {list(COMPARISONS)}, aggregate {AGGREGATES}")
        reading = _reading(spec, None)
        if aggregate == "change" and reading.baseline is None:
            raise BadClaim("a change needs a baseline window")
        return Claim(
            id=cid,
            text=" ".join(str(spec["claim"]).split()),
            said=" ".join(str(spec.get("said", "")).split()),
            measure=str(spec.get("measure", "people")),
            aggregate=aggregate,
            expected=float(spec["expected"]),
            compare=compare,
            tolerance=float(spec.get("tolerance", 0)),
            reading=reading,
            alternatives=tuple(_reading(a, reading.series) for a in spec.get("alternatives", [])),
            weekday=spec.get("weekday"),
        )
    except (BadClaim, KeyError, TypeError, ValueError) as exc:
        raise BadClaim(f"claim {cid}: {exc}") from None


def load_claims(path: Path) -> list[Claim]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [parse_claim(spec) for spec in data.get("claims", [])]


Values = Callable[[str, str, Window], Mapping[date, int] | None]
"""(series, measure, window) -> figures by period end, or None if the series is not loaded."""
Steps = Callable[[str], str | None]


class Checker:
    def __init__(self, values: Values, step: Steps) -> None:
        self.values = values
        self.step = step

    def check(self, claim: Claim) -> Verdict:
        primary = self.outcome(claim, claim.reading)
        others = tuple(self.outcome(claim, r) for r in claim.alternatives)
        notes = list(self._weekday(claim))
        if primary.actual is None and not any(o.actual is not None for o in others):
            answer = Answer.NO_DATA
        elif primary.holds and not notes:
            answer = Answer.SUPPORTED
        elif any(o.holds for o in others):
            answer = Answer.ONLY_FOR_WINDOW
        else:
            answer = Answer.NOT_SUPPORTED
            notes.extend(self._would_hold(claim))
        return Verdict(claim, answer, primary, others, tuple(notes))

    def outcome(self, claim: Claim, reading: Reading) -> Outcome:
        step = self.step(reading.series)
        windows = [reading.window] + ([reading.baseline] if reading.baseline else [])
        span = Window(min(w.start for w in windows), max(w.end for w in windows))
        values = self.values(reading.series, claim.measure, span) if step else None
        if step is None or values is None:
            known = series_info(reading.series) is not None
            why = "is not loaded" if known else "is not known to Crosscurrent (none is shipped)"
            return Outcome(reading, None, False, f"official series {reading.series!r} {why}")
        after = agg.total(values, reading.window, step)
        parts = (
            [after]
            if reading.baseline is None
            else [agg.total(values, reading.baseline, step), after]
        )
        if any(t.present == 0 for t in parts):
            return Outcome(reading, None, False, "no figures in the window")
        actual: float
        if reading.baseline is None:
            actual, detail = after.value, f"{after.value:,}"
        else:
            change = agg.Change(parts[0], after)
            if change.percent is None:
                return Outcome(reading, None, False, "baseline is zero")
            actual = round(change.percent, 1)
            detail = f"{actual:+.1f}% ({change.before.value:,} -> {after.value:,})"
        holds = COMPARISONS[claim.compare](actual, claim.expected, claim.tolerance)
        missing = sum(t.missing for t in parts)
        if missing:
            detail += f"; {missing} period(s) missing in the window, not counted as zero"
            # A lower bound still proves "more than"/"at least"; nothing else is proven.
            holds = (
                holds and reading.baseline is None and claim.compare in ("more-than", "at-least")
            )
        return Outcome(reading, actual, holds, detail)

    def _weekday(self, claim: Claim) -> list[str]:
        day = claim.reading.window.start
        if claim.weekday and day.strftime("%A").casefold() != claim.weekday.casefold():
            return [f"{day} was a {day:%A}, not a {claim.weekday}"]
        return []

    def _would_hold(self, claim: Claim) -> list[str]:
        """For a running total that falls short: from when it would hold."""
        reading, step = claim.reading, self.step(claim.reading.series)
        if claim.aggregate != "total" or claim.compare not in ("more-than", "at-least") or not step:
            return []
        values = self.values(reading.series, claim.measure, Window(reading.window.start, date.max))
        passing = agg.first_passing(
            values or {}, reading.window.start, int(claim.expected), step,
            strictly=claim.compare == "more-than",
        )  # fmt: skip
        if passing is None:
            return ["the running total does not pass it in the figures held"]
        day, running = passing
        return [f"it would hold from {day} ({running:,} since {reading.window.start})"]
