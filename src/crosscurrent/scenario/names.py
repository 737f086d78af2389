"""Name pools and the ways one name gets written down differently.

The pools live in ``data/names.yaml``. A true person holds lexeme keys, never
a spelling; each record spells them afresh with the habits of the agency
(:class:`Spelling`): preferred transliterations, original script, typos,
given name and surname swapped, surname in capitals.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from random import Random
from typing import Any

import yaml


@dataclass(frozen=True, slots=True)
class Lexeme:
    key: str
    variants: tuple[str, ...]
    preferred: dict[str, tuple[str, ...]]
    scripts: dict[str, str]

    @property
    def canonical(self) -> str:
        return self.variants[0]

    def spell(self, rng: Random, lang: str) -> str:
        preferred = self.preferred.get(lang)
        if preferred and rng.random() < 0.7:
            return rng.choice(preferred)
        if rng.random() < 0.6:
            return self.variants[0]
        return rng.choice(self.variants)


@dataclass(frozen=True, slots=True)
class Group:
    key: str
    nationalities: tuple[str, ...]
    script: str | None
    weight: int
    given: tuple[str, ...]
    female: tuple[str, ...]
    surnames: tuple[str, ...]
    patronymic: bool
    surname_first: bool


LANGS = ("en", "fr", "de", "nl", "it")
SCRIPTS = ("ar", "ckb", "fa", "ti", "bg", "native")


class NameBook:
    def __init__(self, data: dict[str, Any]) -> None:
        self.lexemes: dict[str, Lexeme] = {}
        for key, body in data["lexemes"].items():
            self.lexemes[key] = Lexeme(
                key=key,
                variants=tuple(body["v"]),
                preferred={lang: tuple(body[lang]) for lang in LANGS if lang in body},
                scripts={s: body[s] for s in SCRIPTS if s in body},
            )
        self.groups: dict[str, Group] = {}
        for key, body in data["groups"].items():
            nat = body["nationality"]
            self.groups[key] = Group(
                key=key,
                nationalities=tuple(nat) if isinstance(nat, list) else (nat,),
                script=body.get("script"),
                weight=int(body["weight"]),
                given=tuple(body["given"]),
                female=tuple(body["female"]),
                surnames=tuple(body["surnames"]),
                patronymic=bool(body.get("patronymic", False)),
                surname_first=bool(body.get("surname_first", False)),
            )
        self.deny = {(a, b) for a, b in data["deny"]}
        self.nicknames: tuple[str, ...] = tuple(data["nicknames"])

    def pick_group(self, rng: Random, among: tuple[str, ...]) -> Group:
        groups = [self.groups[k] for k in among]
        return rng.choices(groups, weights=[g.weight for g in groups])[0]

    def draw(self, rng: Random, group: Group, female: bool) -> tuple[str, str, str]:
        """(given, surname, father) lexeme keys, never a denied combination."""
        while True:
            given = rng.choice(group.female if female else group.given)
            surname = rng.choice(group.surnames)
            if (given, surname) not in self.deny:
                break
        father = surname if group.patronymic else rng.choice(group.given)
        return given, surname, father

    def canonical(self, given: str, surname: str) -> str:
        return f"{self.lexemes[given].canonical} {self.lexemes[surname].canonical}"


@cache
def namebook() -> NameBook:
    text = files("crosscurrent.scenario").joinpath("data/names.yaml").read_text("utf-8")
    return NameBook(yaml.safe_load(text))


@dataclass(frozen=True, slots=True)
class Spelling:
    """How one agency writes names."""

    lang: str
    script: float
    """Share of records written in the original script, where there is one."""
    typo: float
    swap: float
    """Share of records with given name and surname in each other's field."""
    upper_surname: bool = False
    ascii: bool = False


def ascii_fold(text: str) -> str:
    text = text.replace("ı", "i").replace("İ", "I").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def typo(text: str, rng: Random) -> str:
    """One edit: substitute, drop, double or transpose a letter."""
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return text[:i] + rng.choice("aeiouhnrsy") + text[i + 1 :]
    if kind == 1:
        return text[:i] + text[i + 1 :]
    if kind == 2:
        return text[:i] + text[i] + text[i:]
    return text[: i - 1] + text[i] + text[i - 1] + text[i + 1 :]


@dataclass(frozen=True, slots=True)
class WrittenName:
    given: str
    surname: str
    father: str


def write_name(
    book: NameBook, group: str, keys: tuple[str, str, str], how: Spelling, rng: Random
) -> WrittenName:
    """Spell (given, surname, father) lexeme keys as one record would."""
    lexemes = [book.lexemes[k] for k in keys]
    script = book.groups[group].script
    if script and rng.random() < how.script and all(script in lx.scripts for lx in lexemes):
        given, surname, father = (lx.scripts[script] for lx in lexemes)
        return WrittenName(given, surname, father)
    given, surname, father = (lx.spell(rng, how.lang) for lx in lexemes)
    if script == "native" and rng.random() < 0.5 and not how.ascii:
        given, surname = (lx.scripts["native"] for lx in lexemes[:2])
    if how.ascii:
        given, surname, father = ascii_fold(given), ascii_fold(surname), ascii_fold(father)
    if rng.random() < how.typo:
        if rng.random() < 0.5:
            given = typo(given, rng)
        else:
            surname = typo(surname, rng)
    if rng.random() < how.swap:
        given, surname = surname, given
    if how.upper_surname:
        # Upper-casing per language loses the Turkish dotted capital İ.
        surname = surname.upper()
    return WrittenName(given, surname, father)


def write_alias(book: NameBook, alias: tuple[str, str], lang: str, rng: Random) -> str:
    kind, value = alias
    if kind == "nick":
        return value
    spelled = book.lexemes[value].spell(rng, lang)
    if kind == "abu":
        return f"{'Abou' if lang == 'fr' else 'Abu'} {spelled}"
    return f"Kak {spelled}"
