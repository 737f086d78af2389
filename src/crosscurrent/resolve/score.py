"""A Fellegi–Sunter model of person records, trained by EM: blocking, scoring, clustering.

Pure: records in (``Record``, built from FtM properties), scored pairs out, no
store. The resolver wires it in; the benchmark (benchmarks/er_splink.py) runs it
beside the rules and Splink.

    records = [Record.from_props(key, props, region) for ...]
    pairs = list(candidate_pairs(records))
    model = train(records, pairs)
    scored = score_pairs(model, records, pairs)
    canonical = cluster(records, scored, threshold=0.5)  # {key: cluster name}

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

import itertools
import math
import random
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from rigour.names import NameTypeTag, analyze_names
from rigour.text import ascii_text
from rigour.text.distance import jaro_winkler

from crosscurrent.resolve import normalise

Key = tuple[str, str]
"""A source record: (dataset, entity id as in the file), as the resolver's rules name it."""

# --- records ------------------------------------------------------------------------------

WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@lru_cache(maxsize=200_000)
def _words(value: str) -> tuple[str, ...]:
    """Latin lower-case letter runs of a name (digits and punctuation dropped)."""
    latin = ascii_text(value.translate(normalise.SORANI)).lower()
    return tuple(w for w in WORD.findall(latin) if w)


@lru_cache(maxsize=200_000)
def skeleton(word: str) -> str:
    """The consonant skeleton of one Latin word, as the rules compare name parts."""
    return next(iter(normalise.name_tokens(word)), word)


def _dates(values: Iterable[str]) -> frozenset[str]:
    out = set()
    for value in values:
        text = value.strip()[:10]
        # Year, year-month or full date only; anything else is not a date we can compare.
        if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
            out.add(text)
    return frozenset(out)


ALNUM = re.compile(r"[^\W_]+", re.UNICODE)


def _texts(values: Iterable[str]) -> frozenset[str]:
    """Places and addresses: Latin lower-case words and numbers (a postcode keeps its digits)."""
    out = set()
    for value in values:
        words = ALNUM.findall(ascii_text(value).lower())
        if words:
            out.add(" ".join(words))
    return frozenset(out)


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

        def get(*names: str) -> list[str]:
            return [v for n in names for v in props.get(n, ()) if v]

        names = get("name", "alias", "firstName", "lastName", "middleName", "secondName")
        phones = {normalise.phone(p, region) for p in get("phone")}
        documents = {normalise.identifier(d) for d in get("passportNumber", "idNumber")}
        return cls(
            key=key,
            tokens=frozenset(w for n in names for w in _words(n)),
            births=_dates(get("birthDate")),
            places=_texts(get("birthPlace")),
            addresses=_texts(get("address")),
            phones=frozenset(p for p in phones if p),
            documents=frozenset(d for d in documents if d),
            nationalities=frozenset(n.lower() for n in get("nationality", "citizenship")),
            fathers=frozenset(skeleton(w) for f in get("fatherName") for w in _words(f)),
            genders=frozenset(g.lower() for g in get("gender")),
            positions=_texts(get("position")),
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
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    matched = list(short & long)
    rest = short - long
    if rest:  # only the unequal parts need the fuzzy search
        free = sorted(long - short)
        for word in sorted(rest):
            for partner in free:
                if _similar(word, partner):
                    free.remove(partner)
                    matched.append(word)
                    break
    return matched


NAME_LEVELS = (
    "same name",
    "same name, spelt differently",
    "one name within the other",
    "two or more parts in common",
    "one part in common",
    "different names",
)


def whole(words: Iterable[str], mark: str = "=") -> str:
    """One value for a whole name, for its frequency: "Bui Duc Quang" is common as a
    name although each of its parts is rarer (the parts are not independent)."""
    return mark + "|".join(sorted(words))


def name_level(x: Values, y: Values) -> Outcome:
    """Two records' name words: how far they agree, and what they share (whole names
    where they agree whole, else the shared parts' skeletons)."""
    if x == y:
        return 0, (whole(x),)
    common = align(x, y)
    values = tuple(sorted(skeleton(w) for w in common))
    if len(common) == len(x) == len(y):
        sx = {skeleton(w) for w in x}
        return 1, (whole(sx, "~"),) if sx == {skeleton(w) for w in y} else values
    if len(common) >= 2 and len(common) == min(len(x), len(y)):
        return 2, values
    if len(common) >= 2:
        return 3, values
    if common:
        return 4, values
    return 5, ()


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
    Comparison("address", "addresses", PLACE_LEVELS, overlap_level, tf=True),
    Comparison("phone", "phones", ("same phone", "different phones"), exact_level, tf=True),
    Comparison("document", "documents", ("same document", "different"), exact_level),
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
    too frequent to block on alone."""
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


def candidate_pairs(
    records: Sequence[Record], max_block: int = MAX_BLOCK
) -> Iterator[tuple[int, int]]:
    """Index pairs (i < j) of records that share a blocking key, each once, in order."""
    counts = Counter(f for r in records for t in r.tokens for f in forms(t))
    common = {s for s, n in counts.items() if n > max_block}
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        for key in set(blocking_keys(r, common)):
            blocks[key].append(i)
    seen: set[int] = set()
    n = len(records)
    for members in blocks.values():
        if len(members) < 2 or len(members) > max_block:
            continue
        for i, j in itertools.combinations(members, 2):
            code = i * n + j  # one int per pair: a set of tuples costs four times the memory
            if code not in seen:
                seen.add(code)
    for code in sorted(seen):
        yield divmod(code, n)


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


def _frequencies(records: Sequence[Record]) -> dict[str, dict[str, float]]:
    n = max(len(records), 1)
    freq: dict[str, dict[str, float]] = {}
    for c in COMPARISONS:
        if not c.tf:
            continue
        counts: Counter[str] = Counter()
        for r in records:
            values = _tf_values(c.name, r)
            counts.update(values)
        freq[c.name] = {v: k / n for v, k in counts.items()}
    return freq


def _tf_values(name: str, r: Record) -> frozenset[str]:
    if name == "name":
        return r.skeletons | r.tokens | {whole(r.tokens), whole(r.skeletons, "~")}
    by_name = {
        "birth place": r.places,
        "address": r.addresses,
        "phone": r.phones,
        "occupation": r.positions,
    }
    return by_name.get(name, frozenset())


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


def _sample_u(records: Sequence[Record], samples: int, seed: int) -> list[list[float]]:
    """P(level | different people), from random pairs (nearly all are non-matches)."""
    rng = random.Random(seed)
    counts = [[1.0] * len(c.levels) for c in COMPARISONS]  # add-one: no level is impossible
    n = len(records)
    pairs: Iterable[tuple[int, int]]
    if n * (n - 1) // 2 <= samples:  # few records: every pair, no sampling noise
        pairs = itertools.combinations(range(n), 2)
    else:
        pairs = ((rng.randrange(n), rng.randrange(n)) for _ in range(samples))
    for i, j in pairs:
        if i == j:
            continue
        vector, _ = compare(records[i], records[j])
        for c, level in enumerate(vector):
            if level >= 0:
                counts[c][level] += 1
    return [[x / sum(row) for x in row] for row in counts]


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
    pairs: Sequence[tuple[int, int]] | None = None,
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
    change what a pair's evidence is worth."""
    if pairs is None:
        pairs = list(candidate_pairs(records))
    scale = 1.0
    if len(pairs) > em_pairs:
        scale = len(pairs) / em_pairs
        pairs = random.Random(seed).sample(list(pairs), em_pairs)
    u = _sample_u(records, u_samples, seed)
    patterns: Counter[Vector] = Counter()
    log_freqs: dict[tuple[int, int], list[float]] = defaultdict(list)
    model = Model(m=[], u=u, prior=0.0, freq=_frequencies(records), records=len(records))
    for i, j in pairs:
        vector, agreed = compare(records[i], records[j])
        patterns[vector] += 1
        for c, comparison in enumerate(COMPARISONS):
            if comparison.tf and vector[c] >= 0 and agreed[c]:
                log_freqs[(c, vector[c])].append(_log_freq(model, comparison.name, agreed[c]))
    model.m, matches, model.iterations = _sessions(patterns, u, iterations)
    everyone = max(len(records) * (len(records) - 1) / 2, 1.0)
    # Two sessions, two estimates: their geometric mean (they differ by a factor, not a sum).
    estimate = math.exp(sum(math.log(max(x, 1.0)) for x in matches) / len(matches)) * scale
    model.prior = min(max(estimate / everyone, 1e-9), 0.5) if matches else 1e-4
    model.tf_centre = {k: sum(v) / len(v) for k, v in log_freqs.items()}
    return model


def score(model: Model, a: Record, b: Record) -> Scored:
    """One pair's match weight and the evidence behind it."""
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


def score_pairs(
    model: Model, records: Sequence[Record], pairs: Iterable[tuple[int, int]]
) -> list[Scored]:
    return [score(model, records[i], records[j]) for i, j in pairs]


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
    parent = list(range(len(keys)))
    size = [1] * len(keys)
    # Per cluster root: the other roots it has scored pairs with, as [sum of p, count].
    # Integers, not keys: this is built for every candidate pair.
    links: list[dict[int, list[float]]] = [{} for _ in keys]
    edges: list[tuple[float, int, int, float]] = []
    for s in scored:
        i, j = index[s.left], index[s.right]
        if i == j:
            continue
        p = s.probability
        for x, y in ((i, j), (j, i)):
            entry = links[x].get(y)
            if entry is None:
                links[x][y] = [p, 1.0]
            else:
                entry[0] += p
                entry[1] += 1
        if p >= threshold:
            edges.append((-s.weight, min(i, j), max(i, j), p))
    edges.sort()

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for _w, i, j, _p in edges:
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
        for other, (t, c) in moved.items():
            back = links[other].pop(b)
            if other == a:
                continue
            entry = links[a].setdefault(other, [0.0, 0.0])
            entry[0] += t
            entry[1] += c
            mirror = links[other].setdefault(a, [0.0, 0.0])
            mirror[0] += back[0]
            mirror[1] += back[1]
        parent[b] = a
        size[a] += size[b]
    first: dict[int, Key] = {}
    for i, k in enumerate(keys):
        first.setdefault(find(i), k)  # keys are sorted: the first seen is the smallest
    return {k: "/".join(first[find(i)]) for i, k in enumerate(keys)}
