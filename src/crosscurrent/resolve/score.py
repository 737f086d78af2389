"""A Fellegi–Sunter model of person records, trained by EM: blocking, scoring, clustering.

Pure: records in (``Record``, built from FtM properties), scored pairs out, no
store. The resolver wires it in; the benchmark (benchmarks/er_splink.py) runs it
beside the rules and Splink.

    records = [Record.from_props(key, props, region) for ...]
    pairs = list(candidate_pairs(records))
    model = train(records, pairs)
    scored = score_pairs(model, records, pairs)
    canonical = cluster(records, scored, threshold=0.5)  # {key: cluster name}

or, the same model, weights and clusters without a Python object per pair:

    pairs = candidate_pair_array(records)  # (n, 2) record indices
    model, scores = train_and_score(records, pairs)  # PairScores: numpy arrays
    canonical = cluster_arrays(records, scores, threshold=0.5)

``compare``, ``score`` and ``blocking_keys`` are the reference, one pair or record
at a time. Many pairs are compared by integer codes (``compare_arrays``): each
distinct pair of values once, names word by word with each distinct pair of
words once, single dates, places and identifiers by numpy; blocking keys are
integers and blocks are paired by numpy. The tests hold both paths equal.

Every comparison has ordered levels (0 is the strongest agreement, the last
is disagreement) and a missing value on either side is no evidence (weight 0).
A pair's match weight is the prior's log-odds plus, per comparison, log2(m/u)
of its level, where m = P(level | same person) is learnt by EM on the
candidate pairs, u = P(level | different people) is counted on random pairs and
the prior is P(two random records are one person), plus a term-frequency
adjustment: sharing a rare name part is stronger evidence than
sharing "Mohammed". Each ``Scored`` pair keeps its per-comparison weights, so a
link can always say why it was made.
"""

from __future__ import annotations

import gc
import itertools
import math
import operator
import os
import random
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import numpy as np
import numpy.typing as npt
from rigour.names import NameTypeTag, analyze_names
from rigour.text.distance import jaro_winkler, levenshtein

from crosscurrent.arrays import distinct
from crosscurrent.resolve import normalise

Key = tuple[str, str]
"""A source record: (dataset, entity id as in the file), as the resolver's rules name it."""

# --- records ------------------------------------------------------------------------------

WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@lru_cache(maxsize=200_000)
def _words(value: str) -> tuple[str, ...]:
    """Latin lower-case letter runs of a name (punctuation and numbers dropped; a
    digit between two letters read as the letter it stands for; given and family
    names recur: each read once)."""
    latin = normalise.latin(value.translate(normalise.SORANI)).lower()
    return tuple(w for w in WORD.findall(normalise.digits_as_letters(latin)) if w)


JOINS = True
"""Read two words of one name as one where the other name writes them as one
("Abdul Rahman" and "Abdulrahman", "SergeiLavrov" and "Sergei Lavrov"): at best
"same name, spelt differently". name_bench +0.016 F1; scenario +0.002, no change on
historical_50k."""

TYPOS = True
"""Names that agree but for one part a typo from its partner beyond ``_similar``
("Vladimir Pudin": one edit in a word of ``TYPO_LENGTH`` letters or more, two from
``TYPO_LONG``) are "one name within the other, but for initials or a letter", a
level EM weighs on its own. name_bench +0.03 F1; historical_50k +0.003."""
TYPO_LENGTH = 4
TYPO_LONG = 8

INITIALS = True
"""Names that agree but for initials of the shorter name ("V. Putin" and "Vladimir
Putin", "Hans J Friedrich" and "Hans Joachim Friedrich") are "one name within the
other, but for initials or a letter": an initial is weaker evidence than a word, so
not "spelt differently" (that cost historical_50k 0.006 F1). name_bench +0.026 F1."""

JY = True
"""Read an initial Y before a vowel as J in skeletons (see ``skeleton``): on the
scenario it joins the last organiser the model kept split ("Naser Jusuf" and
"Yusuf NASSER"), +0.001 F1 at 10,000 records, no change on historical_50k."""


@lru_cache(maxsize=200_000)
def skeleton(word: str) -> str:
    """The consonant skeleton of one Latin word, as the rules compare name parts, with
    an initial Y before a vowel read as J: German, Dutch and Italian write ي as J
    (Jusuf, Junus, Jasin), English and Turkish as Y (Yusuf, Yunus, Yasin)."""
    if JY and len(word) > 2 and word[0] == "y" and word[1] in "aeiou":
        word = "j" + word[1:]
    return next(iter(normalise.name_tokens(word)), word)


DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _dates(values: Iterable[str]) -> frozenset[str]:
    out = set()
    for value in values:
        text = value.strip()[:10]
        # Year, year-month or full date only; anything else is not a date we can compare.
        if DATE.fullmatch(text):
            out.add(text)
    return frozenset(out)


ALNUM = re.compile(r"[^\W_]+", re.UNICODE)


@lru_cache(maxsize=200_000)
def _text(value: str) -> str:
    # Places, addresses and occupations recur across records: folded once each.
    return " ".join(ALNUM.findall(normalise.latin(value).lower()))


def _texts(values: Iterable[str]) -> frozenset[str]:
    """Places and addresses: Latin lower-case words and numbers (a postcode keeps its digits)."""
    return frozenset(text for text in map(_text, values) if text)


NAME_SYMBOLS = False
"""Also match name parts by rigour's name symbols (nicknames: Tom and Thomas share
NICK:TOM). Off by default: loading rigour's symbol tables costs about 10 s and
400 MB once per process, for +0.003 pairwise F1 on historical_50k (the skeletons
already join Mohammed, Muhammad and Mihemed)."""


@lru_cache(maxsize=200_000)
def symbols(word: str) -> frozenset[str]:
    """rigour's name symbols of one name part: Thomas and Tom share NICK:TOM, Mohammed
    and Mihemed share a Wikidata name item (empty unless ``NAME_SYMBOLS``)."""
    if not NAME_SYMBOLS:
        return frozenset()
    names = analyze_names(NameTypeTag.PER, [word], phonetics=False, numerics=False)
    return frozenset(str(s) for n in names for s in n.symbols)


@lru_cache(maxsize=200_000)
def forms(word: str) -> frozenset[str]:
    """Blocking forms of a name part: its skeleton, its first three letters (a typo
    later in the word, Willie and William) and its nickname symbols."""
    out = {skeleton(word)}
    if len(word) >= 3:
        out.add("^" + word[:3])
    out.update(s for s in symbols(word) if s.startswith("[NICK"))
    return frozenset(out)


_FIELD_OF = {
    **dict.fromkeys(("name", "alias", "firstName", "lastName", "middleName", "secondName"), "name"),
    **dict.fromkeys(("passportNumber", "idNumber"), "document"),
    **dict.fromkeys(("nationality", "citizenship"), "nationality"),
    **{
        p: p
        for p in ("phone", "birthDate", "birthPlace", "address", "fatherName", "gender", "position")
    },
}
"""Which of a ``Record``'s inputs each FtM Person property feeds."""


@dataclass(frozen=True)
class Record:
    """What the model compares of one person record (all sets may be empty)."""

    key: Key
    tokens: frozenset[str] = frozenset()
    """Latin, lower-case words of every name and alias."""
    births: frozenset[str] = frozenset()
    """Birth dates as ISO prefixes: YYYY, YYYY-MM or YYYY-MM-DD."""
    places: frozenset[str] = frozenset()
    addresses: frozenset[str] = frozenset()
    phones: frozenset[str] = frozenset()
    documents: frozenset[str] = frozenset()
    nationalities: frozenset[str] = frozenset()
    fathers: frozenset[str] = frozenset()
    """Skeletons of the father's name (a patronymic is strong negative evidence)."""
    genders: frozenset[str] = frozenset()
    positions: frozenset[str] = frozenset()
    """Occupation or role, as written (lower case)."""
    skeletons: frozenset[str] = field(init=False, default=frozenset())
    """Consonant skeletons of ``tokens`` (derived once: compared a lot)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "skeletons", frozenset(skeleton(t) for t in self.tokens))

    @classmethod
    def from_props(
        cls, key: Key, props: Mapping[str, Iterable[str]], region: str | None = None
    ) -> Record:
        """From FtM Person properties; ``region`` reads national phone numbers."""

        # One pass over the properties the record reads (most records have a few), and
        # nothing made for a field the record lacks (a million records at a time).
        got: dict[str, list[str]] = {}
        for prop, values in props.items():
            field_ = _FIELD_OF.get(prop)
            if field_ is not None:
                got.setdefault(field_, []).extend(v for v in values if v)
        none: frozenset[str] = frozenset()
        name, phone, document = got.get("name"), got.get("phone"), got.get("document")
        birth, place, address = got.get("birthDate"), got.get("birthPlace"), got.get("address")
        nationality, father = got.get("nationality"), got.get("fatherName")
        gender, position = got.get("gender"), got.get("position")
        phones = {normalise.phone(p, region) for p in phone} if phone else ()
        documents = {normalise.identifier(d) for d in document} if document else ()
        return cls(
            key=key,
            tokens=frozenset(w for n in name for w in _words(n)) if name else none,
            births=_dates(birth) if birth else none,
            places=_texts(place) if place else none,
            addresses=_texts(address) if address else none,
            phones=frozenset(p for p in phones if p) if phones else none,
            documents=frozenset(d for d in documents if d) if documents else none,
            nationalities=frozenset(n.lower() for n in nationality) if nationality else none,
            fathers=frozenset(skeleton(w) for f in father for w in _words(f)) if father else none,
            genders=frozenset(g.lower() for g in gender) if gender else none,
            positions=_texts(position) if position else none,
        )


# --- comparisons --------------------------------------------------------------------------

Values = frozenset[str]
Outcome = tuple[int, tuple[str, ...]]
"""A comparison's level and the values both records agree on (for the frequency
adjustment)."""


@lru_cache(maxsize=1_000_000)
def _similar(a: str, b: str) -> bool:
    """Two name parts that are one spelling: same skeleton, one nickname or name symbol
    (Tom and Thomas), or a typo apart."""
    if a == b:
        return True
    if skeleton(a) == skeleton(b) and len(a) > 1 and len(b) > 1:
        return True
    if NAME_SYMBOLS and symbols(a) & symbols(b):
        return True
    return min(len(a), len(b)) >= 4 and jaro_winkler(a, b) >= 0.9


def align(a: Values, b: Values) -> list[str]:
    """Name parts of the shorter name that have a partner in the other (greedy,
    exact partners first so a typo never steals an exact match)."""
    return _align(a, b)[0]


def _initial(a: str, b: str) -> bool:
    """An initial and a word it may stand for (J and Joachim)."""
    return (len(a) == 1 or len(b) == 1) and a[0] == b[0]


@lru_cache(maxsize=1_000_000)
def _typo(a: str, b: str) -> bool:
    """Two words a typo apart (Putin and Pudin: see ``TYPOS``), which ``_similar`` may
    not call one spelling."""
    shorter = min(len(a), len(b))
    edits = 2 if shorter >= TYPO_LONG else 1  # Khordorovsky and Khodorkovsky: two
    return shorter >= TYPO_LENGTH and levenshtein(a, b, max_edits=edits) <= edits


def _align(a: Values, b: Values) -> tuple[list[str], list[str], list[str]]:
    """``align``; then the shorter name's other parts a typo from a part the other
    name has left over (``TYPOS``); then its parts that stand for, or are, an initial
    of a part left over ("J" and "Joachim"; ``INITIALS``)."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    matched = list(short & long)
    initials: list[str] = []
    typos: list[str] = []
    rest = short - long
    if rest:  # only the unequal parts need the fuzzy search
        free = sorted(long - short)
        unmatched = []
        for word in sorted(rest):
            for partner in free:
                if _similar(word, partner):
                    free.remove(partner)
                    matched.append(word)
                    break
            else:
                unmatched.append(word)
        if TYPOS:  # after every fuzzy match: a typo never steals a spelling
            for word in list(unmatched):
                for partner in free:
                    if _typo(word, partner):
                        free.remove(partner)
                        typos.append(word)
                        unmatched.remove(word)
                        break
        if INITIALS:  # after every fuzzy match: an initial never steals a spelling
            # The initials are the shorter name's ("Kim Kyu" is not within "Kim Hyo K").
            either = len(short) == len(long)
            for word in unmatched:
                for partner in free:
                    if (either or len(word) == 1) and _initial(word, partner):
                        free.remove(partner)
                        initials.append(word)
                        break
    return matched, initials, typos


NAME_LEVELS = (
    "same name",
    "same name, spelt differently",
    "one name within the other",
    "one name within the other, but for initials or a letter",
    "two or more parts in common",
    "one part in common",
    "different names",
)


def whole(words: Iterable[str], mark: str = "=") -> str:
    """One value for a whole name, for its frequency: "Bui Duc Quang" is common as a
    name although each of its parts is rarer (the parts are not independent)."""
    return mark + "|".join(sorted(words))


def _joined(x: Values, y: Values) -> Values:
    """``y`` with two of its words written as one where ``x`` has them as one word
    ("Abdul Rahman" read as "Abdulrahman" beside it)."""
    out = set(y)
    for word in sorted(x - y):
        rest = sorted(out - x)
        for u, v in itertools.permutations(rest, 2):
            if len(u) + len(v) == len(word) and u + v == word:
                out -= {u, v}
                out.add(word)
                break
    return frozenset(out)


def name_level(x: Values, y: Values) -> Outcome:
    """Two records' name words: how far they agree, and what they share (whole names
    where they agree whole, else the shared parts' skeletons)."""
    if x == y:
        return 0, (whole(x),)
    if JOINS:
        y2 = _joined(x, y)
        x2 = _joined(y2, x)
        if (x2, y2) != (x, y):  # a word written as two: at best the same name spelt differently
            level, values = _name_level(x2, y2)
            if level == 0:
                return 1, (whole({skeleton(w) for w in x2}, "~"),)
            return level, values
    return _name_level(x, y)


def _name_level(x: Values, y: Values) -> Outcome:
    """``name_level`` without reading words written as one."""
    if x == y:
        return 0, (whole(x),)
    common, initials, typos = _align(x, y)
    extra = initials + typos
    if extra and common and len(typos) <= 1 and len(common) + len(extra) == min(len(x), len(y)):
        return 3, tuple(sorted(skeleton(w) for w in common + extra))
    values = tuple(sorted(skeleton(w) for w in common))
    if len(common) == len(x) == len(y):
        sx = {skeleton(w) for w in x}
        return 1, (whole(sx, "~"),) if sx == {skeleton(w) for w in y} else values
    if len(common) >= 2 and len(common) == min(len(x), len(y)):
        return 2, values
    if len(common) >= 2:
        return 4, values
    if common:
        return 5, values
    return 6, ()


BIRTH_LEVELS = (
    "same date",
    "day and month swapped",
    "one digit different",
    "same year and month",
    "same year",
    "different dates",
)


def _date_level(x: str, y: str) -> int:
    if x == y and len(x) == 10:
        return 0
    if len(x) == len(y) == 10:
        if x[:4] == y[:4] and x[5:7] == y[8:10] and x[8:10] == y[5:7]:
            return 1
        if sum(c != d for c, d in zip(x, y, strict=True)) == 1:
            return 2
    if len(x) >= 7 and len(y) >= 7 and x[:7] == y[:7]:
        return 3
    if x[:4] == y[:4]:
        return 4
    return 5


def birth_level(x: Values, y: Values) -> Outcome:
    """The closest agreement of any two of the records' birth dates."""
    return min(_date_level(d, e) for d in x for e in y), ()


def exact_level(x: Values, y: Values) -> Outcome:
    """A value in common (level 0, naming the values) or none (1)."""
    return (1, ()) if x.isdisjoint(y) else (0, tuple(sorted(x & y)))


def overlap_level(x: Values, y: Values) -> Outcome:
    """Same text, or a shared word (a town, a postcode district, "devon" in "west devon")."""
    if not x.isdisjoint(y):
        return 0, tuple(sorted(x & y))
    words = {w for v in x for w in v.split()} & {w for v in y for w in v.split()}
    return (1, ()) if words else (2, ())


ADDRESS_LEVELS = (
    "same",
    "nearly the same",
    "partly alike",
    "a word in common",
    "different",
)
ADDRESS_NEAR = 0.75
ADDRESS_PART = 0.5
"""Trigram Dice of two addresses for "nearly the same" and "partly alike": a typo, a
word split or joined, a digit changed or words reordered leave most trigrams shared
(on FEBRL4 no non-matching candidate pair reaches 0.6; most true pairs pass 0.7)."""


@lru_cache(maxsize=1_000_000)
def _trigrams(text: str) -> frozenset[str]:
    # Words sorted and fenced by "#": reordering costs nothing, a split word little.
    fenced = "#" + "#".join(sorted(text.split())) + "#"
    return frozenset(fenced[i : i + 3] for i in range(len(fenced) - 2))


def dice(a: str, b: str) -> float:
    """Dice coefficient of two texts' character trigrams (1.0 for the same words)."""
    x, y = _trigrams(a), _trigrams(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x or y else 1.0


def address_level(x: Values, y: Values) -> Outcome:
    """``overlap_level`` with two levels for addresses written nearly alike between
    "same" and "a word in common" (the closest pair of the records' addresses)."""
    if not x.isdisjoint(y):
        return 0, tuple(sorted(x & y))
    best = max(dice(a, b) for a in x for b in y)
    if best >= ADDRESS_NEAR:
        return 1, ()
    if best >= ADDRESS_PART:
        return 2, ()
    level, _ = overlap_level(x, y)
    return (3, ()) if level == 1 else (4, ())


DOCUMENT_LEVELS = ("same document", "a character different or two swapped", "different")


def _near_identifier(a: str, b: str) -> bool:
    """One substitution, insertion or deletion, or two neighbours swapped, in
    identifiers long enough that this is still rare by chance (5+ characters)."""
    if min(len(a), len(b)) < 5:
        return False
    if len(a) == len(b):
        diff = [k for k in range(len(a)) if a[k] != b[k]]
        if len(diff) == 1:
            return True
        k = diff[0] if len(diff) == 2 else -1
        return k >= 0 and diff[1] == k + 1 and a[k] == b[k + 1] and a[k + 1] == b[k]
    return levenshtein(a, b, max_edits=1) <= 1


def document_level(x: Values, y: Values) -> Outcome:
    """A document number in common (0), one a typo from the other's (1), or neither."""
    if not x.isdisjoint(y):
        return 0, tuple(sorted(x & y))
    if any(_near_identifier(a, b) for a in x for b in y):
        return 1, ()
    return 2, ()


@dataclass(frozen=True)
class Comparison:
    name: str
    attr: str
    """The ``Record`` field it compares; either side empty means no evidence."""
    levels: tuple[str, ...]
    level: Callable[[Values, Values], Outcome]
    tf: bool = False
    """Adjust the agreement levels' weights by how common the agreed values are."""


PLACE_LEVELS = ("same", "a word in common", "different")
COMPARISONS: tuple[Comparison, ...] = (
    Comparison("name", "tokens", NAME_LEVELS, name_level, tf=True),
    Comparison("birth date", "births", BIRTH_LEVELS, birth_level),
    Comparison("birth place", "places", PLACE_LEVELS, overlap_level, tf=True),
    Comparison("address", "addresses", ADDRESS_LEVELS, address_level, tf=True),
    Comparison("phone", "phones", ("same phone", "different phones"), exact_level, tf=True),
    Comparison("document", "documents", DOCUMENT_LEVELS, document_level),
    Comparison("nationality", "nationalities", ("same", "different"), exact_level),
    Comparison("father", "fathers", ("same father's name", "different"), exact_level),
    Comparison("gender", "genders", ("same", "different"), exact_level),
    Comparison("occupation", "positions", ("same", "different"), exact_level, tf=True),
)

Vector = tuple[int, ...]
"""One level per comparison; -1 where a value is missing."""

_MISSING: Outcome = (-1, ())
_MEMO_LIMIT = 2_000_000
_memo: list[dict[tuple[Values, Values], Outcome]] = [{} for _ in COMPARISONS]


def compare(a: Record, b: Record) -> tuple[Vector, list[tuple[str, ...]]]:
    """Every comparison's level for one pair, and the values agreed on."""
    outcomes = []
    for c, memo in zip(COMPARISONS, _memo, strict=True):
        x, y = getattr(a, c.attr), getattr(b, c.attr)
        if not x or not y:
            outcomes.append(_MISSING)
            continue
        # Candidate pairs repeat the same values a lot (two thirds of the name pairs
        # on historical_50k), and frozensets cache their hashes: memoise per value pair.
        key = (x, y)
        outcome = memo.get(key)
        if outcome is None:
            if len(memo) > _MEMO_LIMIT:
                memo.clear()
            outcome = memo[key] = c.level(x, y)
        outcomes.append(outcome)
    return tuple(o[0] for o in outcomes), [o[1] for o in outcomes]


def compare_names(a: Record, b: Record) -> Outcome | None:
    """The name comparison alone (None when either record has no name)."""
    return name_level(a.tokens, b.tokens) if a.tokens and b.tokens else None


# --- blocking -----------------------------------------------------------------------------

MAX_BLOCK = 50
"""Blocks larger than this are skipped (every pair in them would cost quadratic time);
their true pairs must share a narrower key too. Measured pair recall is in
docs/resolution.md."""


def blocking_keys(r: Record, common: set[str]) -> Iterator[str]:
    """Keys two records of one person are likely to share; ``common`` name forms are
    too frequent to block on alone.

    The reference definition, one record at a time: ``candidate_pair_array`` makes the
    same keys for all records at once, as integers (the tests hold them equal)."""
    per_token = [forms(t) for t in sorted(r.tokens)]
    all_forms = sorted(set().union(*per_token)) if per_token else []
    years = {b[:4] for b in r.births}
    for t in r.tokens:
        if len(t) >= 5:
            yield f"n:^{t[:4]}"  # a lone surname with a typo at its end
    for f in all_forms:
        if f not in common:
            yield f"n:{f}"
        for y in years:
            yield f"ny:{f}|{y}"
        for a in r.addresses:
            yield f"na:{f}|{a}"
            yield f"nd:{f}|{a.split()[0]}"  # the postcode district or house number
        for p in r.places:
            yield f"np:{f}|{p}"
    for one, other in itertools.combinations(per_token, 2):
        for f in one:
            for g in other:
                yield f"nn:{min(f, g)}|{max(f, g)}"
    for b in r.births:
        if len(b) == 10:
            yield f"d:{b}"
    for a in r.addresses:
        yield f"a:{a}"
    for p in r.phones:
        yield f"t:{p}"
    for d in r.documents:
        yield f"i:{d}"


IntArray = npt.NDArray[np.int64]

# Key kinds of ``blocking_keys``, as the high bits of an integer key.
_N, _NY, _NA, _ND, _NP, _NN, _D, _A, _T, _I = range(10)
_SHIFT = 29
"""Bits per interned string in an integer key: (kind, first, second)."""


def _ints(values: list[int]) -> IntArray:
    return np.array(values, dtype=np.int64)


def _within(rec_a: IntArray, rec_b: IntArray, n: int) -> tuple[IntArray, IntArray]:
    """Every pair of rows of two tables that belong to one record, as (row in a, row
    in b); ``rec_a`` is sorted."""
    counts = np.bincount(rec_a, minlength=n)
    starts = np.cumsum(counts) - counts
    repeat = counts[rec_b]
    row_b = np.repeat(np.arange(len(rec_b)), repeat)
    offset = np.arange(int(repeat.sum())) - np.repeat(np.cumsum(repeat) - repeat, repeat)
    return starts[rec_b[row_b]] + offset, row_b


def _block_keys(records: Sequence[Record], max_block: int) -> tuple[IntArray, IntArray]:
    """``blocking_keys`` of every record as (integer key, record index) rows, each
    (key, record) once: strings interned, the name-form crosses made by numpy."""
    ids: dict[str, int] = {}

    def intern(s: str) -> int:
        found = ids.get(s)
        if found is None:
            found = ids[s] = len(ids)
        return found

    token_forms: dict[str, tuple[int, ...]] = {}
    # (record, token position, form) for every form of every token, and the other
    # per-record values as (record, value) tables; all in record order.
    tf_rec: list[int] = []
    tf_pos: list[int] = []
    tf_form: list[int] = []
    plain: list[tuple[int, int]] = []  # "n:" keys that are never common (^ + 4 letters)
    tables: dict[str, tuple[list[int], list[int]]] = {
        k: ([], []) for k in ("year", "address", "district", "place")
    }
    singles: list[tuple[int, int, int]] = []  # (kind, value, record)
    for i, r in enumerate(records):
        for pos, t in enumerate(sorted(r.tokens)):
            found = token_forms.get(t)
            if found is None:
                found = token_forms[t] = tuple(intern(f) for f in sorted(forms(t)))
            for f in found:
                tf_rec.append(i)
                tf_pos.append(pos)
                tf_form.append(f)
            if len(t) >= 5:
                plain.append((intern(f"^{t[:4]}"), i))
        for kind, values in (
            ("year", {b[:4] for b in r.births}),
            ("place", r.places),
        ):
            for v in values:
                tables[kind][0].append(i)
                tables[kind][1].append(intern(v))
        for a in r.addresses:
            for kind, v in (("address", a), ("district", a.split()[0])):
                tables[kind][0].append(i)
                tables[kind][1].append(intern(v))
            singles.append((_A, intern(a), i))
        singles.extend((_D, intern(b), i) for b in r.births if len(b) == 10)
        singles.extend((_T, intern(p), i) for p in r.phones)
        singles.extend((_I, intern(d), i) for d in r.documents)
    if len(ids) >= 1 << _SHIFT:
        raise ValueError("too many distinct blocking values")
    n = len(records)
    t_rec, t_pos, t_form = _ints(tf_rec), _ints(tf_pos), _ints(tf_form)
    # A form is common when more than max_block name parts have it (as counted before
    # records were deduplicated per key: a block of it would be skipped anyway).
    common = np.bincount(t_form, minlength=len(ids)) > max_block
    # The record's forms, each once.
    code = distinct(t_rec * len(ids) + t_form)
    f_rec, f_form = code // max(len(ids), 1), code % max(len(ids), 1)
    keys: list[IntArray] = []
    recs: list[IntArray] = []

    def add(kind: int, first: IntArray, second: IntArray, rec: IntArray) -> None:
        keys.append((kind << (2 * _SHIFT)) | (first << _SHIFT) | second)
        recs.append(rec)

    if plain:
        p = np.array(plain, dtype=np.int64)
        add(_N, p[:, 0], np.zeros(len(p), dtype=np.int64), p[:, 1])
    keep = ~common[f_form]
    add(_N, f_form[keep], np.zeros(int(keep.sum()), dtype=np.int64), f_rec[keep])
    for code_kind, table in ((_NY, "year"), (_NA, "address"), (_ND, "district"), (_NP, "place")):
        rec_b, val_b = _ints(tables[table][0]), _ints(tables[table][1])
        row_a, row_b = _within(f_rec, rec_b, n)
        add(code_kind, f_form[row_a], val_b[row_b], rec_b[row_b])
    # Pairs of forms of two different name parts of one record.
    row_a, row_b = _within(t_rec, t_rec, n)
    two = t_pos[row_a] < t_pos[row_b]
    row_a, row_b = row_a[two], row_b[two]
    form_a, form_b = t_form[row_a], t_form[row_b]
    add(_NN, np.minimum(form_a, form_b), np.maximum(form_a, form_b), t_rec[row_a])
    if singles:
        s = np.array(singles, dtype=np.int64)
        keys.append((s[:, 0] << (2 * _SHIFT)) | (s[:, 1] << _SHIFT))
        recs.append(s[:, 2])
    key, rec = np.concatenate(keys), np.concatenate(recs)
    order = np.lexsort((rec, key))
    key, rec = key[order], rec[order]
    first = np.ones(len(key), dtype=bool)
    first[1:] = (key[1:] != key[:-1]) | (rec[1:] != rec[:-1])
    return key[first], rec[first]


def candidate_pair_array(records: Sequence[Record], max_block: int = MAX_BLOCK) -> IntArray:
    """``candidate_pairs`` as an (n, 2) array of record indices, i < j, sorted, each
    pair once: what ``train``, ``score_arrays`` and ``score_pairs`` take fastest."""
    n = len(records)
    key, rec = _block_keys(records, max_block)
    if len(key) < 2:
        return np.zeros((0, 2), dtype=np.int64)
    starts = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1])))
    sizes = np.diff(np.append(starts, len(key)))
    codes: list[IntArray] = []
    for size in range(2, max_block + 1):
        at = starts[sizes == size]
        if not len(at):
            continue
        members = rec[at[:, None] + np.arange(size)]  # ascending: rec is sorted in a key
        left, right = np.triu_indices(size, 1)
        codes.append((members[:, left] * n + members[:, right]).ravel())
    if not codes:
        return np.zeros((0, 2), dtype=np.int64)
    unique = distinct(np.concatenate(codes))
    return np.stack((unique // n, unique % n), axis=1)


def candidate_pairs(
    records: Sequence[Record], max_block: int = MAX_BLOCK
) -> Iterator[tuple[int, int]]:
    """Index pairs (i < j) of records that share a blocking key, each once, in order."""
    pairs = candidate_pair_array(records, max_block)
    yield from zip(pairs[:, 0].tolist(), pairs[:, 1].tolist(), strict=True)


# --- comparing many pairs at once ---------------------------------------------------------

LevelArray = npt.NDArray[np.int8]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class _Column:
    """One comparison over many pairs: what ``compare`` says of each, as arrays."""

    levels: LevelArray
    """Per pair: the level, -1 where a value is missing."""
    agreed: npt.NDArray[np.int64]
    """Per pair: an index into ``values``, -1 where nothing is agreed on."""
    values: list[tuple[str, ...]]
    """The distinct agreed values (``compare``'s second result)."""


def _encode(column: Iterable[Values], n: int) -> tuple[IntArray, list[Values]]:
    """Each record's value of one field as an integer (-1 when empty), and the values."""
    index: dict[Values, int] = {}
    ids = [index.setdefault(v, len(index)) if v else -1 for v in column]
    return np.array(ids, dtype=np.int64).reshape(n), list(index)


Coded = list[tuple[IntArray, list[Values]]]
"""``_encode`` of every comparison's field."""


def _code(records: Sequence[Record]) -> Coded:
    fields = operator.attrgetter(*(c.attr for c in COMPARISONS))
    columns = zip(*map(fields, records), strict=True) if records else ((),) * len(COMPARISONS)
    return [_encode(column, len(records)) for column in columns]


def _date_array(values: list[Values]) -> npt.NDArray[np.uint8]:
    """Single ASCII dates as a (value, 10) array of characters, zero-padded."""
    out = np.zeros((len(values), 10), dtype=np.uint8)
    for k, v in enumerate(values):
        text = next(iter(v))
        if len(v) == 1 and text.isascii():  # the others are compared one by one
            out[k, : len(text)] = np.frombuffer(text.encode("ascii"), dtype=np.uint8)
    return out


def _birth_levels(x: IntArray, y: IntArray, values: list[Values]) -> LevelArray:
    """``_date_level`` over pairs of single dates (as ``_dates`` keeps them: YYYY,
    YYYY-MM or YYYY-MM-DD), by columns of characters."""
    chars = _date_array(values)
    length = np.array([len(next(iter(v))) for v in values], dtype=np.int64)
    a, b = chars[x], chars[y]
    la, lb = length[x], length[y]
    full = (la == 10) & (lb == 10)
    same = (a == b).all(axis=1)
    year = (a[:, :4] == b[:, :4]).all(axis=1)
    month = (a[:, :7] == b[:, :7]).all(axis=1) & (la >= 7) & (lb >= 7)
    swapped = year & (a[:, 5:7] == b[:, 8:10]).all(axis=1) & (a[:, 8:10] == b[:, 5:7]).all(axis=1)
    digit = (a != b).sum(axis=1) == 1
    levels = np.full(len(x), 5, dtype=np.int8)
    for level, holds in (
        (4, year),
        (3, month),
        (2, full & digit),
        (1, full & swapped),
        (0, full & same),
    ):
        levels[holds] = level
    return levels


_ID_WIDTH = 40
"""Identifiers longer than this (or not ASCII) are compared by ``document_level``."""


def _id_array(values: list[Values]) -> tuple[npt.NDArray[np.uint8], IntArray]:
    """Single ASCII identifiers as zero-padded characters, and their lengths."""
    out = np.zeros((len(values), _ID_WIDTH + 1), dtype=np.uint8)  # a zero past the end
    length = np.zeros(len(values), dtype=np.int64)
    for k, v in enumerate(values):
        text = next(iter(v))
        if len(v) == 1 and text.isascii() and len(text) <= _ID_WIDTH:
            out[k, : len(text)] = np.frombuffer(text.encode("ascii"), dtype=np.uint8)
            length[k] = len(text)
    return out, length


def _near_identifiers(x: IntArray, y: IntArray, values: list[Values]) -> npt.NDArray[np.bool_]:
    """``_near_identifier`` over pairs of single identifiers that differ, by columns of
    characters: one substitution or swap at equal length, else one deletion."""
    chars, length = _id_array(values)
    a, b, la, lb = chars[x], chars[y], length[x], length[y]
    rows = np.arange(len(x))
    differ = a != b
    count = differ.sum(axis=1)
    first = differ.argmax(axis=1)
    second = np.minimum(first + 1, _ID_WIDTH)
    swapped = (
        (count == 2)
        & differ[rows, second]
        & (a[rows, first] == b[rows, second])
        & (a[rows, second] == b[rows, first])
    )
    same_length = (la == lb) & ((count == 1) | swapped)
    # One character more in ``long``: dropping long[k] gives short for some k with
    # long[:k] == short[:k] (k <= p, the first difference) and long[k+1:] == short[k:]
    # (k > q, the last place where long shifted by one differs).
    flip = la < lb
    long, short = np.where(flip[:, None], b, a), np.where(flip[:, None], a, b)
    n_short = np.minimum(la, lb)
    p = (long != short).argmax(axis=1)
    inside = np.arange(_ID_WIDTH)[None, :] < n_short[:, None]
    shifted = (long[:, 1:] != short[:, :-1]) & inside
    q = np.where(shifted.any(axis=1), _ID_WIDTH - 1 - shifted[:, ::-1].argmax(axis=1), -1)
    deletion = (np.abs(la - lb) == 1) & (q < p)
    near: npt.NDArray[np.bool_] = (np.minimum(la, lb) >= 5) & (same_length | deletion)
    return near


def _word_overlap(x: IntArray, y: IntArray, values: list[Values]) -> npt.NDArray[np.bool_]:
    """Whether two single texts share a word, over pairs (``overlap_level``'s level 1)."""
    words: dict[str, int] = {}
    rows = [sorted({words.setdefault(w, len(words)) for w in next(iter(v)).split()})
            for v in values]  # fmt: skip
    width = max((len(r) for r in rows), default=0)
    if width > 8:  # a long text: set by set (rare; each pair once)
        split = [frozenset(next(iter(v)).split()) for v in values]
        return np.fromiter(
            (
                not split[i].isdisjoint(split[j])
                for i, j in zip(x.tolist(), y.tolist(), strict=True)
            ),
            dtype=bool,
            count=len(x),
        )
    table = np.full((len(values), width), -1, dtype=np.int64)
    for k, r in enumerate(rows):
        table[k, : len(r)] = r
    a, b = table[x], table[y]
    out = np.zeros(len(x), dtype=bool)
    for i in range(width):
        valid = a[:, i] >= 0
        for j in range(width):
            out |= valid & (a[:, i] == b[:, j])
    return out


_DICE_CHUNK = 1 << 14
"""Distinct value pairs per step of ``_dice_array`` (bounds its memory)."""


def _dice_array(x: IntArray, y: IntArray, values: list[Values]) -> FloatArray:
    """``dice`` of single-valued codes x[k] and y[k]: each text's trigrams as integers,
    the shared ones counted by sorting (pair, trigram) codes; each distinct pair once."""
    n = max(len(values), 1)
    unique, inverse = np.unique(x * n + y, return_inverse=True)
    ux, uy = unique // n, unique % n
    used = distinct(np.concatenate((ux, uy)))
    grams: dict[str, int] = {}
    flat: list[int] = []
    lengths = np.zeros(n, dtype=np.int64)
    for k in used.tolist():
        found = [grams.setdefault(g, len(grams)) for g in _trigrams(next(iter(values[k])))]
        flat.extend(found)
        lengths[k] = len(found)
    starts = np.zeros(n, dtype=np.int64)
    starts[used] = np.cumsum(lengths[used]) - lengths[used]
    ids = np.array(flat, dtype=np.int64)
    width = max(len(grams), 1)
    result = np.empty(len(unique), dtype=np.float64)
    for lo in range(0, len(unique), _DICE_CHUNK):
        px, py = ux[lo : lo + _DICE_CHUNK], uy[lo : lo + _DICE_CHUNK]
        parts = []
        for side in (px, py):
            count = lengths[side]
            owner = np.repeat(np.arange(len(side)), count)
            offset = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
            parts.append(owner * width + ids[starts[side][owner] + offset])
        both = np.sort(np.concatenate(parts))
        twice = both[1:][both[1:] == both[:-1]] // width  # a trigram both texts have
        shared = np.bincount(twice, minlength=len(px))
        total = lengths[px] + lengths[py]
        result[lo : lo + len(px)] = np.where(total > 0, 2 * shared / np.maximum(total, 1), 1.0)
    out: FloatArray = result[inverse.reshape(-1)]
    return out


class _Table:
    """Distinct agreed values, each numbered once."""

    def __init__(self) -> None:
        self.index: dict[tuple[str, ...], int] = {}

    def number(self, agreed: tuple[str, ...]) -> int:
        return self.index.setdefault(agreed, len(self.index)) if agreed else -1

    def numbers(self, codes: IntArray, make: Callable[[int], tuple[str, ...]]) -> IntArray:
        """Per code, the number of ``make(code)`` (made once per distinct code)."""
        unique, inverse = np.unique(codes, return_inverse=True)
        found = [self.number(make(k)) for k in unique.tolist()]
        return np.array(found, dtype=np.int64).reshape(-1)[inverse.reshape(-1)]


def _generic(
    c: int, x: IntArray, y: IntArray, values: list[Values], table: _Table
) -> tuple[LevelArray, IntArray]:
    """The level function itself on each distinct pair of values, memoised."""
    comparison, memo = COMPARISONS[c], _memo[c]
    n = max(len(values), 1)
    unique, inverse = np.unique(x * n + y, return_inverse=True)
    found_levels: list[int] = []
    found_agreed: list[int] = []
    for a, b in zip((unique // n).tolist(), (unique % n).tolist(), strict=True):
        key = (values[a], values[b])
        outcome = memo.get(key)
        if outcome is None:
            if len(memo) > _MEMO_LIMIT:
                memo.clear()
            outcome = memo[key] = comparison.level(*key)
        found_levels.append(outcome[0])
        found_agreed.append(table.number(outcome[1]))
    inverse = inverse.reshape(-1)
    levels = np.array(found_levels, dtype=np.int8)[inverse]
    return levels, np.array(found_agreed, dtype=np.int64)[inverse]


def _column(
    c: int,
    coded: tuple[IntArray, list[Values]],
    left: IntArray,
    right: IntArray,
    words: _Words | None = None,
) -> _Column:
    """Comparison ``c`` over the pairs (left[k], right[k]), as ``compare`` makes it;
    ``words``: the name words of ``coded``, when prepared already."""
    level_of = COMPARISONS[c].level
    ids, values = coded
    levels = np.full(len(left), -1, dtype=np.int8)
    agreed = np.full(len(left), -1, dtype=np.int64)
    table = _Table()
    x, y = ids[left], ids[right]
    present = np.flatnonzero((x >= 0) & (y >= 0))
    x, y = x[present], y[present]
    if level_of is name_level:
        levels[present], agreed[present] = _name_column(x, y, values, table, words)
        return _Column(levels, agreed, list(table.index))
    if level_of not in (exact_level, overlap_level, birth_level, address_level, document_level):
        levels[present], agreed[present] = _generic(c, x, y, values, table)
        return _Column(levels, agreed, list(table.index))
    # One value a side (nearly always): the level from integer codes, without a call
    # per pair; the other pairs by the level function.
    single = np.array([len(v) == 1 for v in values] + [False])
    if level_of is birth_level:  # compared as characters: ASCII digits only
        single &= np.array([next(iter(v)).isascii() for v in values] + [False])
    if level_of is document_level:  # compared as characters: short ASCII only
        single &= np.array(
            [next(iter(v)).isascii() and len(next(iter(v))) <= _ID_WIDTH for v in values] + [False]
        )
    both = single[x] & single[y]
    one, many = np.flatnonzero(both), np.flatnonzero(~both)
    if len(many):
        levels[present[many]], agreed[present[many]] = _generic(c, x[many], y[many], values, table)
    x, y, at = x[one], y[one], present[one]
    same = x == y
    if level_of is birth_level:
        levels[at] = _birth_levels(x, y, values)
        return _Column(levels, agreed, list(table.index))
    if level_of is exact_level:
        levels[at] = np.where(same, 0, 1)
    elif level_of is document_level:
        near = np.zeros(len(x), dtype=bool)
        differ = np.flatnonzero(~same)
        near[differ] = _near_identifiers(x[differ], y[differ], values)
        levels[at] = np.where(same, 0, np.where(near, 1, 2))
    elif level_of is address_level:
        near = np.ones(len(x))
        differ = np.flatnonzero(~same)
        near[differ] = _dice_array(x[differ], y[differ], values)
        word = np.ones(len(x), dtype=bool)
        low = np.flatnonzero(near < ADDRESS_PART)
        word[low] = _word_overlap(x[low], y[low], values)
        levels[at] = np.select(
            [same, near >= ADDRESS_NEAR, near >= ADDRESS_PART, word], [0, 1, 2, 3], 4
        )
    else:
        levels[at] = np.where(same, 0, np.where(_word_overlap(x, y, values), 1, 2))
    if same.any():
        agreed[at[same]] = table.numbers(x[same], lambda k: tuple(values[k]))
    return _Column(levels, agreed, list(table.index))


_NAME_WIDTH = 12
"""Names with more parts than this are compared by ``name_level`` itself."""


class _Words:
    """The distinct words of some names, as integers, with what ``_similar`` needs."""

    def __init__(self, values: list[Values]) -> None:
        self.sorted = [sorted(v) for v in values]
        ids: dict[str, int] = {}
        self.length = np.array([len(v) for v in values], dtype=np.int64)
        width = min(int(self.length.max(initial=0)), _NAME_WIDTH)
        self.codes = np.full((len(values), max(width, 1)), -1, dtype=np.int64)
        for k, ws in enumerate(self.sorted):
            if len(ws) <= width:
                self.codes[k, : len(ws)] = [ids.setdefault(w, len(ids)) for w in ws]
        self.strings = list(ids)
        skeletons: dict[str, int] = {}
        self.skeleton = np.array(
            [skeletons.setdefault(skeleton(w), len(skeletons)) for w in self.strings],
            dtype=np.int64,
        )
        # Narrow types: the initials and typo checks broadcast them over word grids.
        self.word_length = np.array([len(w) for w in self.strings], dtype=np.int32)
        self.first = np.array([ord(w[0]) for w in self.strings], dtype=np.int32)
        # Per name: the words (of any name) that two of its words make written as one.
        hits = [
            [ids[u + v] for u, v in itertools.permutations(ws, 2) if u + v in ids]
            if JOINS and 2 <= len(ws) <= width
            else []
            for ws in self.sorted
        ]
        self.joins = np.full((len(values), max(map(len, hits), default=0) or 1), -1, np.int64)
        for k, h in enumerate(hits):
            self.joins[k, : len(h)] = h
        sets: dict[frozenset[str], int] = {}
        self.skeleton_set = np.array(
            [sets.setdefault(frozenset(map(skeleton, v)), len(sets)) for v in values],
            dtype=np.int64,
        )
        # Letter counts and first four letters: an upper bound of Jaro-Winkler.
        self.letters = np.zeros((len(self.strings), 26), dtype=np.int16)
        self.prefix = np.full((len(self.strings), 4), -1, dtype=np.int16)
        self.plain = np.ones(len(self.strings), dtype=bool)
        for k, w in enumerate(self.strings):
            if not (min(w) >= "a" and max(w) <= "z" and len(w) <= 100):
                self.plain[k] = False
                continue
            chars = np.frombuffer(w.encode("ascii"), dtype=np.uint8).astype(np.int16) - 97
            np.add.at(self.letters[k], chars, 1)
            self.prefix[k, : min(4, len(w))] = chars[:4]

    def similar(self, p: IntArray, q: IntArray) -> npt.NDArray[np.bool_]:
        """``_similar`` of word pairs (p[k], q[k]), none of them equal."""
        lp, lq = self.word_length[p], self.word_length[q]
        alike: npt.NDArray[np.bool_] = (self.skeleton[p] == self.skeleton[q]) & (lp > 1) & (lq > 1)
        ask = ~alike & (np.minimum(lp, lq) >= 4)
        if NAME_SYMBOLS:
            ask = ~alike
        # Jaro <= (c/|p| + c/|q| + 1) / 3 with c the letters in common, and Winkler's
        # prefix bonus at most (common prefix) * 0.1 * (1 - Jaro): below 0.9, never similar.
        plain = self.plain[p] & self.plain[q]
        c = np.minimum(self.letters[p], self.letters[q]).sum(axis=1)
        jaro = (c / np.maximum(lp, 1) + c / np.maximum(lq, 1) + 1) / 3
        same = np.cumprod(self.prefix[p] == self.prefix[q], axis=1) & (self.prefix[p] >= 0)
        bound = jaro + same.sum(axis=1) * 0.1 * (1 - jaro)
        ask &= ~plain | (bound >= 0.9 - 1e-9) | NAME_SYMBOLS
        for k in np.flatnonzero(ask).tolist():
            alike[k] = _similar(self.strings[p[k]], self.strings[q[k]])
        return alike


def _name_column(
    x: IntArray, y: IntArray, values: list[Values], table: _Table, words: _Words | None = None
) -> tuple[LevelArray, IntArray]:
    """``name_level`` over pairs of name-word sets, by integer word codes.

    Each distinct pair of names once: exact parts by equal codes, fuzzy partners
    (``_similar``) once per distinct pair of words. ``align``'s greedy order only
    matters when two parts of the shorter name want one partner: those pairs (rare)
    go to ``name_level`` itself, as do names longer than ``_NAME_WIDTH``."""
    levels = np.zeros(len(x), dtype=np.int8)
    agreed = np.full(len(x), -1, dtype=np.int64)
    same = x == y
    if same.any():  # level 0: the whole name agreed on
        agreed[same] = table.numbers(x[same], lambda k: (whole(values[k]),))
    differ = np.flatnonzero(~same)
    if not len(differ):
        return levels, agreed
    nv = len(values)
    unique, inverse = np.unique(x[differ] * nv + y[differ], return_inverse=True)
    ua, ub = unique // nv, unique % nv
    words = _Words(values) if words is None else words
    length, width = words.length, words.codes.shape[1]
    u_levels = np.zeros(len(unique), dtype=np.int8)
    u_agreed = np.full(len(unique), -1, dtype=np.int64)
    by_python = (length[ua] > width) | (length[ub] > width)
    for p, q in ((ua, ub), (ub, ua)):  # a word one name writes as two: ``name_level``
        at = np.flatnonzero(words.joins[p, 0] >= 0)
        if len(at):
            joins = words.joins[p[at]][:, :, None]
            hit = (joins == words.codes[q[at]][:, None, :]) & (joins >= 0)
            by_python[at] |= hit.any(axis=(1, 2))
    # Short names with short names: the (shorter x longer) word grids stay small.
    order = np.lexsort((np.minimum(length[ua], length[ub]), np.maximum(length[ua], length[ub])))
    order = order[~by_python[order]]
    chunk = 50_000
    for start in range(0, len(order), chunk):
        rows = order[start : start + chunk]
        a, b = ua[rows], ub[rows]
        short_is_a = length[a] <= length[b]
        s, lg = np.where(short_is_a, a, b), np.where(short_is_a, b, a)
        ws = words.codes[s][:, : int(length[s].max())]
        wl = words.codes[lg][:, : int(length[lg].max())]
        valid = (ws[:, :, None] >= 0) & (wl[:, None, :] >= 0)
        exact = valid & (ws[:, :, None] == wl[:, None, :])
        exact_s, exact_l = exact.any(axis=2), exact.any(axis=1)
        open_ = valid & ~exact_s[:, :, None] & ~exact_l[:, None, :]
        r, i, j = np.nonzero(open_)
        fuzzy = np.zeros(open_.shape, dtype=bool)
        if len(r):
            n_words = max(len(words.strings), 1)
            distinct, back = np.unique(ws[r, i] * n_words + wl[r, j], return_inverse=True)
            fuzzy[r, i, j] = words.similar(distinct // n_words, distinct % n_words)[
                back.reshape(-1)
            ]
        # A word of the longer name wanted by two of the shorter: greedy order decides.
        contested = (fuzzy.sum(axis=1) > 1).any(axis=1)
        by_python[rows[contested]] = True
        keep = ~contested
        rows, a, b, s = rows[keep], a[keep], b[keep], s[keep]
        matched = exact_s[keep] | fuzzy[keep].any(axis=2)
        common = matched.sum(axis=1)
        if (INITIALS or TYPOS) and len(words.strings):
            # Names that may agree but for initials or a typo (every unmatched part of
            # the shorter has a possible partner): ``name_level`` decides. Only names
            # with a part in common and a part unmatched can: most random pairs (u)
            # have none in common, and their word grids are not looked at.
            unmatched = ~matched & (ws[keep] >= 0)
            ask = np.flatnonzero((common >= 1) & unmatched.any(axis=1))
            at = np.flatnonzero(keep)[ask]  # the same rows, in the chunk
            ws_k, wl_k = np.maximum(ws[at], 0), np.maximum(wl[at], 0)
            ls, ll = words.word_length[ws_k][:, :, None], words.word_length[wl_k][:, None, :]
            one = ((ls == 1) | (ll == 1)) & (
                words.first[ws_k][:, :, None] == words.first[wl_k][:, None, :]
            )
            one &= INITIALS
            # A typo (one or two edits) apart: lengths and letters in common that close.
            need = unmatched[ask]
            shorter = np.minimum(ls, ll)
            edits = np.where(shorter >= TYPO_LONG, 2, 1).astype(np.int32)
            edit = (shorter >= TYPO_LENGTH) & (np.abs(ls - ll) <= edits) & TYPOS
            edit &= valid[at] & need[:, :, None] & ~exact_l[at][:, None, :]
            er, ei, ej = np.nonzero(edit)
            if len(er):
                wp, wq = ws_k[er, ei], wl_k[er, ej]
                shared = np.minimum(words.letters[wp], words.letters[wq]).sum(axis=1)
                longer = np.maximum(words.word_length[wp], words.word_length[wq])
                plain = words.plain[wp] & words.plain[wq]
                edit[er, ei, ej] = ~plain | (shared >= longer - edits[er, ei, ej])
            pair = valid[at] & (one | edit) & ~exact_l[at][:, None, :]
            maybe = np.zeros(len(common), dtype=bool)
            maybe[ask] = (~need | pair.any(axis=2)).all(axis=1)
            if maybe.any():
                by_python[rows[maybe]] = True
                keep = ~maybe
                rows, a, b, s = rows[keep], a[keep], b[keep], s[keep]
                matched, common = matched[keep], common[keep]
        la, lb = length[a], length[b]
        level = np.full(len(rows), 6, dtype=np.int8)
        level[common == 1] = 5
        level[common >= 2] = 4
        level[(common >= 2) & (common == np.minimum(la, lb))] = 2
        whole_skeleton = (common == la) & (la == lb)
        level[whole_skeleton] = 1
        u_levels[rows] = level
        # Agreed: the skeleton of the whole name when the skeletons are the same, else
        # the skeletons of the shorter name's matched words (as a bit mask of them).
        tilde = whole_skeleton & (words.skeleton_set[a] == words.skeleton_set[b])
        if tilde.any():
            u_agreed[rows[tilde]] = table.numbers(
                a[tilde], lambda k: (whole({skeleton(w) for w in values[k]}, "~"),)
            )
        parts = ~tilde & (common > 0)
        if parts.any():
            mask = (matched[parts].astype(np.int64) << np.arange(matched.shape[1])).sum(axis=1)
            u_agreed[rows[parts]] = table.numbers(
                s[parts] * (1 << _NAME_WIDTH) + mask,
                lambda k: tuple(
                    sorted(
                        skeleton(w)
                        for i, w in enumerate(words.sorted[k >> _NAME_WIDTH])
                        if k >> i & 1
                    )
                ),
            )
    for k in np.flatnonzero(by_python).tolist():
        outcome = name_level(values[int(ua[k])], values[int(ub[k])])
        u_levels[k] = outcome[0]
        u_agreed[k] = table.number(outcome[1])
    inverse = inverse.reshape(-1)
    levels[differ] = u_levels[inverse]
    agreed[differ] = u_agreed[inverse]
    return levels, agreed


PARALLEL_PAIRS = 200_000
"""From this many pairs, ``compare_arrays`` compares two halves in two threads. The
time goes to numpy's array operations, which release the GIL: 800,000 pairs of the
scenario took 1.34 s in one thread and 0.89 s in two."""


def compare_arrays(
    records: Sequence[Record], pairs: IntArray, coded: Coded | None = None
) -> list[_Column]:
    """``compare`` for every pair of an (n, 2) index array, comparison by comparison."""
    coded = _code(records) if coded is None else coded
    left, right = pairs[:, 0], pairs[:, 1]
    if len(pairs) < PARALLEL_PAIRS or (os.cpu_count() or 1) < 2:
        return [_column(c, coded[c], left, right) for c in range(len(COMPARISONS))]
    # The name words once, for both halves (building them holds the GIL).
    words = {c: _Words(coded[c][1]) for c in range(len(COMPARISONS)) if _is_name(c)}

    def half(lo: int, hi: int) -> list[_Column]:
        return [
            _column(c, coded[c], left[lo:hi], right[lo:hi], words.get(c))
            for c in range(len(COMPARISONS))
        ]

    middle = len(pairs) // 2
    with ThreadPoolExecutor(1) as pool:
        first = pool.submit(half, 0, middle)
        second = half(middle, len(pairs))
        return [_concat(a, b) for a, b in zip(first.result(), second, strict=True)]


def _is_name(c: int) -> bool:
    return COMPARISONS[c].level is name_level


def _concat(a: _Column, b: _Column) -> _Column:
    """The pairs of ``a`` then those of ``b``, one table of agreed values."""
    index = {value: k for k, value in enumerate(a.values)}
    remap = np.array([index.setdefault(v, len(index)) for v in b.values] + [-1], dtype=np.int64)
    # -1 (nothing agreed) indexes the appended -1.
    return _Column(
        np.concatenate([a.levels, b.levels]),
        np.concatenate([a.agreed, remap[b.agreed]]),
        list(index),
    )


def _pair_array(pairs: Iterable[tuple[int, int]] | IntArray) -> IntArray:
    if isinstance(pairs, np.ndarray):
        return np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    flat = np.fromiter(itertools.chain.from_iterable(pairs), dtype=np.int64)
    return flat.reshape(-1, 2)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while many small, acyclic objects are made
    (records, Scored pairs): its passes over the growing heap cost more than the work
    (2.5 s of 4 s building historical_50k's records)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# --- the model ----------------------------------------------------------------------------


@dataclass
class Model:
    """m and u per comparison level, the prior, and the value frequencies."""

    m: list[list[float]]
    u: list[list[float]]
    prior: float
    """P(two random records are one person): the EM sessions' matches over all pairs."""
    freq: dict[str, dict[str, float]] = field(default_factory=dict)
    """Per tf comparison: share of records holding each value."""
    tf_centre: dict[tuple[int, int], float] = field(default_factory=dict)
    """Per (comparison, level): mean log2 frequency of agreed values over the training
    pairs, so the adjustment spreads weights around the level's own, not above it."""
    records: int = 0
    iterations: int = 0
    """EM steps over all sessions (a convergence check for the benchmark)."""

    def weight(self, c: int, level: int) -> float:
        """log2(m/u) of level ``level`` of comparison ``c`` (an index into COMPARISONS)."""
        return self._weights[c][level]

    @cached_property
    def _weights(self) -> list[list[float]]:
        # log2(m/u) per level, computed once: score() asks for it for every pair.
        return [
            [math.log2(m / u) for m, u in zip(ms, us, strict=True)]
            for ms, us in zip(self.m, self.u, strict=True)
        ]


@dataclass(frozen=True)
class Evidence:
    comparison: str
    level: str
    weight: float
    """log2(m/u) of the level, plus the frequency adjustment."""


@dataclass(frozen=True, slots=True)
class Scored:
    """One candidate pair, its match weight and the levels and weights behind it."""

    left: Key
    right: Key
    weight: float
    """Match weight in bits: the prior's log-odds plus every comparison's weight."""
    levels: Vector
    weights: tuple[float, ...]
    """Per comparison (as ``COMPARISONS``): its weight, 0 where a value is missing."""

    @property
    def probability(self) -> float:
        return 1 / (1 + 2 ** (-self.weight)) if self.weight > -1000 else 0.0

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        """What the link rests on, comparison by comparison (missing values left out)."""
        return tuple(
            Evidence(c.name, c.levels[level], w)
            for c, level, w in zip(COMPARISONS, self.levels, self.weights, strict=True)
            if level >= 0
        )


def _frequencies(
    records: Sequence[Record], coded: Coded | None = None
) -> dict[str, dict[str, float]]:
    n = max(len(records), 1)
    coded = _code(records) if coded is None else coded
    freq: dict[str, dict[str, float]] = {}
    for c, comparison in enumerate(COMPARISONS):
        if not comparison.tf:
            continue
        counts: Counter[str] = Counter()
        # Each distinct value once, counted as often as records hold it.
        ids, values = coded[c]
        held = np.bincount(ids[ids >= 0], minlength=len(values)).tolist()
        empty = int((ids < 0).sum())  # an empty value still counts (a name's "=")
        for value, k in zip([*values, frozenset()], [*held, empty], strict=True):
            if not k:
                continue
            for v in _tf_of(comparison.name, value):
                counts[v] += k
        freq[comparison.name] = {v: k / n for v, k in counts.items()}
    return freq


def _tf_of(name: str, value: Values) -> frozenset[str]:
    """The values a record holding ``value`` (of comparison ``name``) counts for."""
    if name == "name":
        skeletons = frozenset(skeleton(t) for t in value)
        return skeletons | value | {whole(value), whole(skeletons, "~")}
    return value


def _log_freq(model: Model, name: str, values: tuple[str, ...]) -> float:
    """log2 of the chance that a random record shares all these values."""
    table = model.freq.get(name, {})
    floor = 1 / max(model.records, 1)
    return sum(math.log2(max(table.get(v, floor), floor)) for v in values)


TF_LIMIT = 6.0
"""At most this many bits either way from frequency: a unique typo is not proof."""


def _adjustment(model: Model, c: int, level: int, agreed: tuple[str, ...]) -> float:
    centre = model.tf_centre.get((c, level))
    if centre is None or not agreed:
        return 0.0
    delta = centre - _log_freq(model, COMPARISONS[c].name, agreed)
    return max(-TF_LIMIT, min(TF_LIMIT, delta))


def _log_freqs(model: Model, c: int, column: _Column) -> FloatArray:
    """``_log_freq`` of every pair's agreed values (NaN where nothing is agreed)."""
    name = COMPARISONS[c].name
    per_value = np.array([_log_freq(model, name, v) for v in column.values] + [np.nan])
    return per_value[column.agreed]  # -1 (nothing agreed) is the NaN at the end


def _patterns(levels: LevelArray) -> Counter[Vector]:
    """Distinct comparison vectors (rows of ``levels``) and their counts, in order of
    first appearance (as a Counter fed pair by pair would hold them)."""
    if not len(levels):
        return Counter()
    code = np.zeros(len(levels), dtype=np.int64)
    for c in range(levels.shape[1]):
        code |= (levels[:, c].astype(np.int64) + 1) << (3 * c)
    unique, first, counts = np.unique(code, return_index=True, return_counts=True)
    patterns: Counter[Vector] = Counter()
    for k in np.argsort(first, kind="stable").tolist():
        value = int(unique[k])
        vector = tuple(((value >> (3 * c)) & 7) - 1 for c in range(levels.shape[1]))
        patterns[vector] = int(counts[k])
    return patterns


def _randbelow(rng: random.Random, n: int, count: int) -> IntArray:
    """``[rng.randrange(n) for _ in range(count)]``, the same numbers by numpy.

    randrange(n) takes the top n.bit_length() bits of the generator's next 32-bit
    word until they are below n; getrandbits(32 * m) hands out the next m words,
    least significant first. (``rng`` is left further on than the loop would.)"""
    if n >= 1 << 32:
        return np.array([rng.randrange(n) for _ in range(count)], dtype=np.int64)
    shift = 32 - n.bit_length()
    found: list[IntArray] = []
    have = 0
    while have < count:
        words = 2 * (count - have) + 64
        raw = rng.getrandbits(32 * words).to_bytes(4 * words, "little")
        values = (np.frombuffer(raw, dtype="<u4") >> shift).astype(np.int64)
        values = values[values < n]
        found.append(values)
        have += len(values)
    return np.concatenate(found)[:count]


def _sample_u(
    records: Sequence[Record], samples: int, seed: int, coded: Coded | None = None
) -> list[list[float]]:
    """P(level | different people), from random pairs (nearly all are non-matches)."""
    rng = random.Random(seed)
    n = len(records)
    if n * (n - 1) // 2 <= samples:  # few records: every pair, no sampling noise
        left, right = np.triu_indices(n, 1)
        pairs = np.stack((left, right), axis=1).astype(np.int64)
    else:
        pairs = _randbelow(rng, n, 2 * samples).reshape(-1, 2)
        pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    columns = compare_arrays(records, pairs, coded)
    u = []
    for c, column in enumerate(columns):
        levels = column.levels[column.levels >= 0]
        # add-one: no level is impossible
        counts = np.bincount(levels, minlength=len(COMPARISONS[c].levels)) + 1.0
        row = counts.tolist()
        total = sum(row)
        u.append([x / total for x in row])
    return u


def _initial_m() -> list[list[float]]:
    # Matches mostly agree: geometric decay from the strongest level, so EM starts on
    # the right side of the label switch (the "match" class is the agreeing one).
    rows = []
    for c in COMPARISONS:
        raw = [0.5**k for k in range(len(c.levels))]
        raw[-1] = 0.02
        rows.append([x / sum(raw) for x in raw])
    return rows


def _em(
    patterns: Counter[Vector],
    m: list[list[float]],
    u: list[list[float]],
    prior: float,
    iterations: int,
    ignored: frozenset[int] = frozenset(),
    tolerance: float = 1e-5,
) -> tuple[list[list[float]], float, int]:
    """EM over distinct comparison vectors: the prior and m; u stays as sampled from
    random pairs. ``ignored`` comparisons are left out of the likelihood (a session's
    anchor: every pair in it agrees there, and counting that agreement as evidence
    would call every pair a match)."""
    done = 0
    while done < iterations:
        done += 1
        m_counts = [[1e-3] * len(c.levels) for c in COMPARISONS]
        matches = total = 0.0
        for vector, count in patterns.items():
            lm, lu = prior, 1.0 - prior
            for c, level in enumerate(vector):
                if level >= 0 and c not in ignored:
                    lm *= m[c][level]
                    lu *= u[c][level]
            p = lm / (lm + lu) if lm + lu > 0 else 0.0
            matches += p * count
            total += count
            for c, level in enumerate(vector):
                if level >= 0:
                    m_counts[c][level] += p * count
        new_m = [
            m[c] if c in ignored else [x / sum(row) for x in row] for c, row in enumerate(m_counts)
        ]
        new_prior = min(max(matches / total, 1e-6), 1 - 1e-6) if total else prior
        change = max(
            abs(x - y)
            for row, new in zip(m, new_m, strict=True)
            for x, y in zip(row, new, strict=True)
        )
        change = max(change, abs(new_prior - prior))
        m, prior = new_m, new_prior
        if change < tolerance:
            break
    return m, prior, done


IDENTITY = frozenset({"birth date", "phone", "address", "document"})
"""Comparisons that tell one man from his namesake; birth place, nationality and a
father's name are shared by namesakes of one village as much as by one man."""

SESSIONS: tuple[tuple[str, frozenset[int], frozenset[str] | None], ...] = (
    ("birth date", frozenset({0}), None),
    ("name", frozenset({0, 1}), IDENTITY),
)
"""EM sessions, as Splink trains: (anchor, its agreeing levels, the comparisons the
session may use). Each runs on the candidate pairs that agree on its anchor and
learns m for the comparisons it uses, the anchor excepted: pairs picked for
agreeing on X say nothing about how often matches agree on X. The name session
uses only the identity comparisons: among pairs with one name, origin (place,
nationality, father) would let EM call namesakes of one village a match."""


def _sessions(
    patterns: Counter[Vector], u: list[list[float]], iterations: int
) -> tuple[list[list[float]], list[float], int]:
    """m per comparison, and each session's estimate of the number of matching pairs
    (in ``patterns``' units): its matches over the share of all matches that agree
    on its anchor, which the other session learnt."""
    index = {c.name: i for i, c in enumerate(COMPARISONS)}
    learnt: dict[int, list[list[float]]] = defaultdict(list)
    found: list[tuple[int, frozenset[int], float]] = []
    steps = 0
    for anchor, levels, uses in SESSIONS:
        a = index[anchor]
        subset = Counter({v: n for v, n in patterns.items() if v[a] in levels})
        if not subset:
            continue
        ignored = frozenset(
            c for c, comp in enumerate(COMPARISONS) if c == a or (uses and comp.name not in uses)
        )
        m, prior, done = _em(subset, _initial_m(), u, 0.5, iterations, ignored)
        steps += done
        found.append((a, levels, prior * subset.total()))
        for c in range(len(COMPARISONS)):
            if c not in ignored:
                learnt[c].append(m[c])
    m = _initial_m()
    for c, rows in learnt.items():  # a comparison learnt in both sessions: their mean
        m[c] = [sum(col) / len(rows) for col in zip(*rows, strict=True)]
    matches = [n / sum(m[a][lv] for lv in levels) for a, levels, n in found if a in learnt]
    return m, matches, steps


def train(
    records: Sequence[Record],
    pairs: Sequence[tuple[int, int]] | IntArray | None = None,
    *,
    u_samples: int = 100_000,
    iterations: int = 50,
    em_pairs: int = 300_000,
    seed: int = 0,
) -> Model:
    """u from random pairs; m by EM sessions on (a sample of at most ``em_pairs``)
    candidate pairs; the prior from the sessions' counts of matches.

    The prior is P(two random records match), as u is P(level | two random
    different records): blocking chooses which pairs to score, it does not
    change what a pair's evidence is worth. ``pairs`` may be index tuples or an
    (n, 2) array (``candidate_pair_array``)."""
    array = candidate_pair_array(records) if pairs is None else _pair_array(pairs)
    return _train(records, array, None, _code(records), u_samples, iterations, em_pairs, seed)


def train_and_score(
    records: Sequence[Record],
    pairs: Sequence[tuple[int, int]] | IntArray | None = None,
    *,
    u_samples: int = 100_000,
    iterations: int = 50,
    em_pairs: int = 300_000,
    seed: int = 0,
) -> tuple[Model, PairScores]:
    """``train`` then ``score_arrays`` on the same pairs, comparing each pair once
    (the same model and scores as the two calls)."""
    array = candidate_pair_array(records) if pairs is None else _pair_array(pairs)
    coded = _code(records)
    columns = compare_arrays(records, array, coded)
    model = _train(records, array, columns, coded, u_samples, iterations, em_pairs, seed)
    return model, _score(model, array, columns)


def _train(
    records: Sequence[Record],
    array: IntArray,
    columns: list[_Column] | None,
    coded: Coded,
    u_samples: int,
    iterations: int,
    em_pairs: int,
    seed: int,
) -> Model:
    """``train`` on an index array, whose comparisons may be made already."""
    scale = 1.0
    rows: IntArray | None = None
    if len(array) > em_pairs:
        scale = len(array) / em_pairs
        # Sorted, so the sample's comparisons are made in pair order.
        generator = np.random.default_rng(seed)
        rows = np.sort(generator.choice(len(array), em_pairs, replace=False))
    if columns is None:
        columns = compare_arrays(records, array if rows is None else array[rows], coded)
    elif rows is not None:
        columns = [_Column(c.levels[rows], c.agreed[rows], c.values) for c in columns]
    u = _sample_u(records, u_samples, seed, coded)
    model = Model(m=[], u=u, prior=0.0, freq=_frequencies(records, coded), records=len(records))
    levels = np.stack([column.levels for column in columns], axis=1)
    tf_centre: dict[tuple[int, int], float] = {}
    for c, (comparison, column) in enumerate(zip(COMPARISONS, columns, strict=True)):
        if not comparison.tf:
            continue
        log_freqs = _log_freqs(model, c, column)
        agreed = column.agreed >= 0
        for level in range(len(comparison.levels)):
            values = log_freqs[agreed & (column.levels == level)].tolist()
            if values:  # in pair order, summed as the pair-by-pair loop summed them
                tf_centre[(c, level)] = sum(values) / len(values)
    model.m, matches, model.iterations = _sessions(_patterns(levels), u, iterations)
    everyone = max(len(records) * (len(records) - 1) / 2, 1.0)
    # Two sessions, two estimates: their geometric mean (they differ by a factor, not a sum).
    model.prior = 1e-4  # no session had pairs to learn from (a handful of records)
    if matches:
        estimate = math.exp(sum(math.log(max(x, 1.0)) for x in matches) / len(matches)) * scale
        model.prior = min(max(estimate / everyone, 1e-9), 0.5)
    model.tf_centre = tf_centre
    return model


def score(model: Model, a: Record, b: Record) -> Scored:
    """One pair's match weight and the evidence behind it.

    The reference: ``score_arrays`` computes the same for many pairs at once."""
    vector, agreed = compare(a, b)
    weights = []
    total = math.log2(model.prior / (1 - model.prior))
    for c, level in enumerate(vector):
        w = 0.0
        if level >= 0:
            w = model.weight(c, level) + _adjustment(model, c, level, agreed[c])
        weights.append(w)
        total += w
    return Scored(a.key, b.key, total, vector, tuple(weights))


@dataclass(frozen=True)
class PairScores:
    """Many pairs' ``Scored``, as arrays: row k is the pair (left[k], right[k]) of
    record indices."""

    left: IntArray
    right: IntArray
    weight: FloatArray
    """Match weight in bits, as ``Scored.weight``."""
    levels: LevelArray
    """(pairs, comparisons): as ``Scored.levels``."""
    weights: FloatArray
    """(pairs, comparisons): as ``Scored.weights``."""

    def __len__(self) -> int:
        return len(self.weight)

    @property
    def probability(self) -> FloatArray:
        """As ``Scored.probability``."""
        return probability(self.weight)


def probability(weight: FloatArray) -> FloatArray:
    """Match probabilities of match weights in bits, as ``Scored.probability``."""
    with np.errstate(over="ignore"):
        p = 1 / (1 + np.power(2.0, -weight))
    return np.where(weight > -1000, p, 0.0)


def score_arrays(
    model: Model,
    records: Sequence[Record],
    pairs: Iterable[tuple[int, int]] | IntArray,
) -> PairScores:
    """``score`` for every pair at once: comparisons by integer codes and each distinct
    pair of values once, weights by table look-up (the same numbers, summed in the
    same order)."""
    array = _pair_array(pairs)
    return _score(model, array, compare_arrays(records, array))


def _score(model: Model, array: IntArray, columns: list[_Column]) -> PairScores:
    total = np.full(len(array), math.log2(model.prior / (1 - model.prior)))
    weights = np.zeros((len(array), len(COMPARISONS)))
    for c, column in enumerate(columns):
        table = np.array([*model._weights[c], 0.0])  # level -1 (missing): no weight
        w = table[column.levels]
        if COMPARISONS[c].tf and column.values:
            centre = [model.tf_centre.get((c, lv), np.nan) for lv in range(len(table) - 1)]
            delta = np.array([*centre, np.nan])[column.levels] - _log_freqs(model, c, column)
            adjust = ~np.isnan(delta)
            w[adjust] += np.clip(delta[adjust], -TF_LIMIT, TF_LIMIT)
        weights[:, c] = w
        total += w
    levels = np.stack([column.levels for column in columns], axis=1)
    return PairScores(array[:, 0], array[:, 1], total, levels, weights)


def score_pairs(
    model: Model, records: Sequence[Record], pairs: Iterable[tuple[int, int]] | IntArray
) -> list[Scored]:
    """``score`` of every pair, in order (computed by ``score_arrays``)."""
    s = score_arrays(model, records, pairs)
    keys = [r.key for r in records]
    with gc_paused():
        return [
            Scored(keys[i], keys[j], w, tuple(levels), tuple(weights))
            for i, j, w, levels, weights in zip(
                s.left.tolist(), s.right.tolist(), s.weight.tolist(), s.levels.tolist(),
                s.weights.tolist(), strict=True,
            )
        ]  # fmt: skip


# --- clustering ---------------------------------------------------------------------------


def cluster(
    records: Sequence[Record], scored: Iterable[Scored], threshold: float = 0.5
) -> dict[Key, str]:
    """Greedy average-link clustering over the scored pairs; each cluster is named by
    its smallest member key.

    Pairs are taken strongest first; two clusters merge when the mean match
    probability of all scored pairs between them is at least ``threshold``. Plain
    connected components would let one weak link glue two large clusters whose
    other members disagree; the mean over every cross pair refuses that."""
    keys = sorted({r.key for r in records})
    index = {k: i for i, k in enumerate(keys)}
    rows = [(index[s.left], index[s.right], s.weight, s.probability) for s in scored]
    left = np.array([r[0] for r in rows], dtype=np.int64)
    right = np.array([r[1] for r in rows], dtype=np.int64)
    weight = np.array([r[2] for r in rows], dtype=np.float64)
    probability = np.array([r[3] for r in rows], dtype=np.float64)
    return _average_link(keys, left, right, weight, probability, threshold)


def cluster_arrays(
    records: Sequence[Record], scores: PairScores, threshold: float = 0.5
) -> dict[Key, str]:
    """``cluster`` over ``score_arrays``' result."""
    keys = sorted({r.key for r in records})
    index = {k: i for i, k in enumerate(keys)}
    rank = np.array([index[r.key] for r in records], dtype=np.int64)
    return _average_link(
        keys, rank[scores.left], rank[scores.right], scores.weight, scores.probability, threshold
    )


def pair_sums(
    a: IntArray, b: IntArray, probability: FloatArray
) -> Iterator[tuple[int, dict[int, tuple[float, float]]]]:
    """Per node x, {y: (sum of p, count)} over the pairs (a[k], b[k]) read both ways.

    Summed by numpy in the order a loop over the pairs would add them (bincount adds
    its weights in input order), so the sums are the loop's to the last bit: a merge
    decided at the threshold must not flip."""
    if not len(a):
        return
    x = np.stack((a, b), axis=1).reshape(-1)
    y = np.stack((b, a), axis=1).reshape(-1)
    span = int(max(x.max(), y.max())) + 1
    unique, inverse = np.unique(x * span + y, return_inverse=True)
    inverse = inverse.reshape(-1)
    totals = np.bincount(inverse, weights=np.repeat(probability, 2), minlength=len(unique))
    counts = np.bincount(inverse, minlength=len(unique)).astype(np.float64)
    ux, uy = unique // span, unique % span
    starts = np.flatnonzero(np.concatenate(([True], ux[1:] != ux[:-1]))).tolist()
    ends = [*starts[1:], len(unique)]
    xs, ys, ts, cs = ux.tolist(), uy.tolist(), totals.tolist(), counts.tolist()
    for start, end in zip(starts, ends, strict=True):
        yield (
            xs[start],
            dict(zip(ys[start:end], zip(ts[start:end], cs[start:end], strict=True), strict=True)),
        )


def _average_link(
    keys: list[Key],
    left: IntArray,
    right: IntArray,
    weight: FloatArray,
    probability: FloatArray,
    threshold: float,
) -> dict[Key, str]:
    """``cluster`` on pairs of indices into the sorted ``keys``."""
    parent = list(range(len(keys)))
    size = [1] * len(keys)

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    distinct = left != right
    left, right = left[distinct], right[distinct]
    weight, probability = weight[distinct], probability[distinct]
    strong = np.flatnonzero(probability >= threshold)
    # Two clusters can only merge within a component of the strong pairs, so only the
    # pairs inside one need their probabilities summed (a small share of them all).
    component = list(range(len(keys)))

    def top(k: int) -> int:
        while component[k] != k:
            component[k] = component[component[k]]
            k = component[k]
        return k

    for i, j in zip(left[strong].tolist(), right[strong].tolist(), strict=True):
        a, b = top(i), top(j)
        if a != b:
            component[b] = a
    roots = np.array([top(k) for k in range(len(keys))], dtype=np.int64)
    inside = np.flatnonzero(roots[left] == roots[right]) if len(keys) else strong
    # Per cluster root: the other roots it has scored pairs with, as (sum of p, count).
    links: list[dict[int, tuple[float, float]]] = [{} for _ in keys]
    for x, row in pair_sums(left[inside], right[inside], probability[inside]):
        links[x] = row
    lo, hi = np.minimum(left, right)[strong], np.maximum(left, right)[strong]
    order = np.lexsort((probability[strong], hi, lo, -weight[strong]))
    for i, j in zip(lo[order].tolist(), hi[order].tolist(), strict=True):
        a, b = find(i), find(j)
        if a == b:
            continue
        total, count = links[a].get(b, (0.0, 1.0))
        if total / count < threshold:
            continue
        if size[a] < size[b]:
            a, b = b, a
        # Fold b's links into a's (b is the smaller: each entry moves O(log n) times).
        moved, links[b] = links[b], {}
        mine = links[a]
        for other, (t, c) in moved.items():
            theirs = links[other]
            back = theirs.pop(b)
            if other == a:
                continue
            t0, c0 = mine.get(other, (0.0, 0.0))
            mine[other] = (t0 + t, c0 + c)
            t1, c1 = theirs.get(a, (0.0, 0.0))
            theirs[a] = (t1 + back[0], c1 + back[1])
        parent[b] = a
        size[a] += size[b]
    first: dict[int, Key] = {}
    for i, k in enumerate(keys):
        first.setdefault(find(i), k)  # keys are sorted: the first seen is the smallest
    return {k: "/".join(first[find(i)]) for i, k in enumerate(keys)}
