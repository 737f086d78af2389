"""Places of the synthetic world, loaded from ``data/places.yaml``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from random import Random
from typing import Any

import yaml


@dataclass(frozen=True, slots=True)
class Places:
    launch_sites: tuple[dict[str, Any], ...]
    storage_towns: tuple[dict[str, Any], ...]
    storage_streets: tuple[str, ...]
    residences: dict[str, tuple[str, ...]]
    streets: dict[str, tuple[str, ...]]
    camps: tuple[str, ...]
    landing_points: tuple[str, ...]
    countries: dict[str, dict[str, str]]

    def country_name(self, code: str, lang: str) -> str:
        """The country as an agency writing in `lang` names it."""
        return self.countries[code][lang]

    def flat(self, rng: Random, country: str) -> tuple[str, str]:
        """(city, address line) of a flat in `country`."""
        city = rng.choice(self.residences[country])
        streets = self.streets.get(country)
        if streets is None:
            return (
                city,
                f"{city}, {rng.choice(('Quarter', 'District', 'Sector'))} {rng.randint(1, 40)}",
            )
        street = rng.choice(streets)
        number = rng.randint(1, 180)
        if country == "gb":
            return city, f"Flat {rng.randint(1, 12)}, {number} {street}, {city}"
        if country == "fr":
            return city, f"{number} {street}, {city}"
        return city, f"{street} {number}, {city}"


@cache
def places() -> Places:
    text = files("crosscurrent.scenario").joinpath("data/places.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    return Places(
        launch_sites=tuple(data["launch_sites"]),
        storage_towns=tuple(data["storage_towns"]),
        storage_streets=tuple(data["storage_streets"]),
        residences={k: tuple(v) for k, v in data["residences"].items()},
        streets={k: tuple(v) for k, v in data["streets"].items()},
        camps=tuple(data["camps"]),
        landing_points=tuple(data["landing_points"]),
        countries=data["countries"],
    )
