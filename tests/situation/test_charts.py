"""Charts are written, non-empty, in the format asked for, and stable."""

import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from crosscurrent.situation import series as agg
from crosscurrent.situation.charts import BadChart, series_chart
from crosscurrent.situation.windows import parse_window

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def totals() -> list[agg.Total]:
    # June complete, July with a missing day, August with no figures at all.
    values = {d: 10 for d in parse_window("2024-06..2024-07").dates() if d != date(2024, 7, 4)}
    return agg.buckets(values, parse_window("2024-06..2024-08"), "day", "month")


def test_a_png_chart_is_written(tmp_path: Path) -> None:
    path = series_chart(totals(), tmp_path / "c.png", "Arrivals", "people", "Source: test")
    data = path.read_bytes()
    assert data.startswith(PNG_MAGIC) and len(data) > 5000


def test_an_svg_chart_is_written_and_the_same_every_time(tmp_path: Path) -> None:
    base = totals()
    first = series_chart(
        base, tmp_path / "a.svg", "Arrivals", "people", "Source: test", base, "before"
    )
    second = series_chart(
        base, tmp_path / "b.svg", "Arrivals", "people", "Source: test", base, "before"
    )
    root = ET.parse(first).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert first.read_bytes() == second.read_bytes()
    text = first.read_text(encoding="utf-8")
    assert "Source: test" in text and "missing, not zero" in text


def test_other_formats_are_refused(tmp_path: Path) -> None:
    with pytest.raises(BadChart, match=r"\.png or \.svg"):
        series_chart(totals(), tmp_path / "c.pdf", "t", "people", "s")
    assert not (tmp_path / "c.pdf").exists()
