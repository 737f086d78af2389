"""Windows of time as briefings name them: a day, an ISO week, a month, a year, a range.

``2024``, ``2024-09``, ``2024-W37``, ``2024-09-14`` and ``A..B`` (from the start
of A to the end of B, e.g. ``2024-01..2024-06``) all parse to a ``Window``.
"""

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

BUCKETS = ("day", "week", "month", "year")


class BadWindow(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Window:
    start: date
    end: date
    """Inclusive."""

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise BadWindow(f"window ends ({self.end}) before it starts ({self.start})")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def dates(self) -> Iterator[date]:
        day = self.start
        while day <= self.end:
            yield day
            day += timedelta(days=1)

    @property
    def label(self) -> str:
        return label(self)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _one(text: str) -> Window:
    text = text.strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            year = int(text)
            return Window(date(year, 1, 1), date(year, 12, 31))
        if re.fullmatch(r"\d{4}-\d{2}", text):
            year, month = int(text[:4]), int(text[5:])
            return Window(date(year, month, 1), _month_end(year, month))
        if m := re.fullmatch(r"(\d{4})-W(\d{2})", text, re.IGNORECASE):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return Window(monday, monday + timedelta(days=6))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            day = date.fromisoformat(text)
            return Window(day, day)
    except ValueError as exc:
        raise BadWindow(f"{text!r}: {exc}") from None
    raise BadWindow(f"{text!r} is not a window (use 2024, 2024-09, 2024-W37, 2024-09-14 or A..B)")


def parse_window(text: str) -> Window:
    if ".." in text:
        first, _, last = text.partition("..")
        return Window(_one(first).start, _one(last).end)
    return _one(text)


def shift_years(window: Window, years: int) -> Window:
    """The same window ``years`` later (earlier when negative); 29 February becomes the 28th."""

    def move(day: date) -> date:
        try:
            return day.replace(year=day.year + years)
        except ValueError:
            return day.replace(year=day.year + years, day=28)

    return Window(move(window.start), move(window.end))


def bucket_of(day: date, by: str) -> Window:
    """The calendar bucket (day, ISO week, month, year) holding ``day``."""
    if by == "day":
        return Window(day, day)
    if by == "week":
        monday = day - timedelta(days=day.weekday())
        return Window(monday, monday + timedelta(days=6))
    if by == "month":
        return Window(day.replace(day=1), _month_end(day.year, day.month))
    if by == "year":
        return Window(date(day.year, 1, 1), date(day.year, 12, 31))
    raise BadWindow(f"unknown bucket {by!r} (use one of {', '.join(BUCKETS)})")


def split(window: Window, by: str) -> list[Window]:
    """Calendar buckets covering the window, the first and last clipped to it."""
    found = []
    day = window.start
    while day <= window.end:
        bucket = bucket_of(day, by)
        found.append(Window(max(bucket.start, window.start), min(bucket.end, window.end)))
        day = bucket.end + timedelta(days=1)
    return found


def label(window: Window) -> str:
    """The shortest name of a window: ``2024``, ``2024-09``, ``2024-W37``, a day or a range."""
    start, end = window.start, window.end
    if start == end:
        return f"{start.isoformat()} {start.strftime('%a')}"
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return str(start.year)
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return f"{start.year}..{end.year}"
    if start.day == 1 and end == _month_end(start.year, start.month):
        return start.strftime("%Y-%m")
    if start.weekday() == 0 and end == start + timedelta(days=6):
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if start.day == 1 and end == _month_end(end.year, end.month):
        return f"{start:%Y-%m}..{end:%Y-%m}"
    return f"{start.isoformat()}..{end.isoformat()}"
