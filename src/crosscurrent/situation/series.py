"""Aggregating a series over windows: totals, buckets, changes, busiest days.

Functions here take plain ``{period end: value}`` maps, so they are checked
against brute-force sums without a store. A period with no figure is *missing*:
totals say how many slots they lack instead of counting them as zero.
"""

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from crosscurrent.situation.windows import Window, split


@dataclass(frozen=True)
class Total:
    window: Window
    value: int
    """Sum of the figures present."""
    present: int
    """Periods in the window with a figure."""
    expected: int
    """Periods the window should hold (days, Sundays or year ends)."""
    missing_slots: tuple[date, ...] = ()
    covered_days: int = 0
    """Days the figures present cover (7 for each week, 365 or 366 for each year)."""

    @property
    def missing(self) -> int:
        return self.expected - self.present

    @property
    def complete(self) -> bool:
        return self.missing == 0 and self.expected > 0

    def per_day(self) -> float | None:
        """Average per day over the days the figures cover (None without any): a
        missing day lowers neither the sum's honesty nor the average."""
        if self.present == 0 or self.covered_days == 0:
            return None
        return self.value / self.covered_days


@dataclass(frozen=True)
class Change:
    before: Total
    after: Total

    @property
    def difference(self) -> int:
        return self.after.value - self.before.value

    @property
    def percent(self) -> float | None:
        if self.before.value == 0:
            return None
        return 100.0 * self.difference / self.before.value

    @property
    def complete(self) -> bool:
        return self.before.complete and self.after.complete


def slots(window: Window, step: str) -> list[date]:
    """The period ends a complete series has in the window: every day, every
    Sunday (a week ending) or every 31 December."""
    if step == "day":
        return list(window.dates())
    if step == "week":
        first = window.start + timedelta(days=(6 - window.start.weekday()) % 7)
        return [first + timedelta(weeks=i) for i in range((window.end - first).days // 7 + 1)]
    if step == "year":
        return [date(y, 12, 31) for y in range(window.start.year, window.end.year + 1)
                if date(y, 12, 31) in window]  # fmt: skip
    raise ValueError(f"unknown step {step!r}")


def total(values: Mapping[date, int], window: Window, step: str) -> Total:
    expected = slots(window, step)
    have = [d for d in expected if d in values]
    missing = tuple(d for d in expected if d not in values)
    covered = sum(_period_days(d, step) for d in have)
    return Total(window, sum(values[d] for d in have), len(have), len(expected), missing, covered)


def _period_days(end: date, step: str) -> int:
    if step == "week":
        return 7
    if step == "year":
        return 366 if calendar.isleap(end.year) else 365
    return 1


def buckets(values: Mapping[date, int], window: Window, step: str, by: str) -> list[Total]:
    """Totals per calendar day, week, month or year in the window."""
    if (step, by) in (("week", "day"), ("year", "day"), ("year", "week"), ("year", "month")):
        raise ValueError(f"a {step}ly series cannot be split by {by}")
    return [total(values, part, step) for part in split(window, by)]


def change(values: Mapping[date, int], before: Window, after: Window, step: str) -> Change:
    return Change(total(values, before, step), total(values, after, step))


def busiest(values: Mapping[date, int], window: Window, n: int) -> list[tuple[date, int]]:
    """The ``n`` highest figures in the window, highest first (earlier day on ties)."""
    inside = [(d, v) for d, v in values.items() if d in window]
    return sorted(inside, key=lambda item: (-item[1], item[0]))[:n]


def first_passing(
    values: Mapping[date, int], start: date, threshold: int, step: str, strictly: bool = True
) -> tuple[date, int] | None:
    """The first period end from ``start`` at which the running total passes the
    threshold, and that total; None if it never does in the figures held. A
    missing period stops the search: past it the running total is unknown."""
    running = 0
    last = max(values, default=start)
    for day in slots(Window(start, max(last, start)), step):
        if day not in values:
            return None
        running += values[day]
        if running > threshold or (not strictly and running >= threshold):
            return day, running
    return None
