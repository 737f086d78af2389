"""The series Crosscurrent knows and the border sections it reports on, as data.

Both are described in YAML next to this module (``data/series.yaml``,
``data/sections.yaml``) so adding a series or a section is an edit of data.
"""

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

DATA = resources.files("crosscurrent.situation").joinpath("data")
STEPS = ("day", "week", "year")
"""How often a series publishes a figure: each figure covers one such period."""


@dataclass(frozen=True)
class SeriesInfo:
    """A published series and the provenance every one of its editions carries."""

    id: str
    title: str
    border: str
    step: str
    measures: tuple[str, ...]
    status: str
    """``provisional`` or ``consolidated``: the default for editions of this series."""
    publisher: str
    compiled_by: str | None
    licence: str
    attribution: str


@dataclass(frozen=True)
class Section:
    code: str
    name: str
    border: str
    box: tuple[float, float, float, float]
    """South, west, north, east in degrees."""

    def holds(self, lat: float, lon: float) -> bool:
        south, west, north, east = self.box
        return south <= lat <= north and west <= lon <= east


def _yaml(name: str) -> Any:
    return yaml.safe_load(DATA.joinpath(name).read_text(encoding="utf-8"))


@cache
def series_catalogue() -> dict[str, SeriesInfo]:
    found = {}
    for key, spec in _yaml("series.yaml").items():
        if spec["step"] not in STEPS:
            raise ValueError(f"series.yaml: {key}: unknown step {spec['step']!r}")
        found[key] = SeriesInfo(
            id=key,
            title=spec["title"],
            border=spec["border"],
            step=spec["step"],
            measures=tuple(spec["measures"]),
            status=spec["status"],
            publisher=" ".join(spec["publisher"].split()),
            compiled_by=spec.get("compiled_by"),
            licence=spec["licence"],
            attribution=" ".join(spec["attribution"].split()),
        )
    return found


def series_info(series: str) -> SeriesInfo | None:
    return series_catalogue().get(series)


@cache
def borders() -> dict[str, str]:
    """Border code -> name."""
    return {code: spec["name"] for code, spec in _yaml("sections.yaml")["borders"].items()}


def _box(values: list[float]) -> tuple[float, float, float, float]:
    south, west, north, east = (float(v) for v in values)
    return south, west, north, east


@cache
def sections() -> tuple[Section, ...]:
    return tuple(
        Section(s["code"], s["name"], s["border"], _box(s["box"]))
        for s in _yaml("sections.yaml")["sections"]
    )


def section_for(stated: str | None, lat: float | None, lon: float | None) -> str | None:
    """The section an event happened in: as stated (code or name), else by coordinates."""
    if stated:
        key = stated.strip().casefold()
        for section in sections():
            if key in (section.code.casefold(), section.name.casefold()):
                return section.code
    if lat is not None and lon is not None:
        for section in sections():
            if section.holds(lat, lon):
                return section.code
    return None
