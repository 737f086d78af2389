"""Impact and section levels follow the rules, and docs/situation.md states them."""

from pathlib import Path

import pytest

from crosscurrent.situation.levels import (
    IMPACT_RULES,
    OVERLOADED,
    VOLUME_RULES,
    Impact,
    Level,
    impact,
    section_level,
    volume_level,
)

DOC = Path(__file__).parents[2] / "docs" / "situation.md"


@pytest.mark.parametrize(
    ("kind", "aboard", "deaths", "missing", "expected"),
    [
        ("arrival", 50, 1, None, Impact.VERY_HIGH),
        ("rescue", 30, 0, 2, Impact.VERY_HIGH),
        ("death", None, None, None, Impact.VERY_HIGH),
        ("rescue", 30, 0, 0, Impact.HIGH),
        ("arrival", OVERLOADED, 0, 0, Impact.HIGH),
        ("arrival", OVERLOADED - 1, 0, 0, Impact.MEDIUM),
        ("interception", 12, None, None, Impact.MEDIUM),
        ("seizure", None, None, None, Impact.MEDIUM),
        ("arrest", None, None, None, Impact.MEDIUM),
        ("launch-sighted", None, None, None, Impact.LOW),
        ("crossing-attempt", 0, 0, 0, Impact.LOW),
    ],
)
def test_impact_rules(
    kind: str, aboard: int | None, deaths: int | None, missing: int | None, expected: Impact
) -> None:
    assert impact(kind, aboard, deaths, missing) is expected


@pytest.mark.parametrize(
    ("per_day", "expected"),
    [(None, Level.LOW), (0, Level.LOW), (49.9, Level.LOW), (50, Level.MEDIUM),
     (199, Level.MEDIUM), (200, Level.HIGH), (500, Level.CRITICAL), (801, Level.CRITICAL)],
)  # fmt: skip
def test_volume_levels(per_day: float | None, expected: Level) -> None:
    assert volume_level(per_day) is expected


def test_a_section_takes_the_higher_of_volume_and_its_worst_event() -> None:
    assert section_level([], 250) is Level.HIGH
    assert section_level([Impact.LOW, Impact.VERY_HIGH], 3) is Level.CRITICAL
    assert section_level([Impact.MEDIUM], 600) is Level.CRITICAL
    assert section_level([Impact.MEDIUM], 10) is Level.MEDIUM


def test_the_documented_rules_are_the_coded_ones() -> None:
    text = " ".join(DOC.read_text(encoding="utf-8").split())
    for rule, level in IMPACT_RULES:
        assert f"| {level.value} | {rule.split(' (')[0]}" in text, rule
    for floor, level in VOLUME_RULES[:-1]:
        assert f"{floor:g} or more **{level.value}**" in text, level
