"""Fuzzy name matching for search: spelling, transliteration and word order.

Two signals, the better one wins per query word: Jaro-Winkler on the ASCII
form (typos, doubled letters, a prefix typed so far), and the resolver's
consonant skeletons (``name_tokens``), which meet across scripts and vowel
spellings (Mohammed, Muhammad, محمد). A name scores the mean over the query's
words of their best match, so word order does not matter.
"""

import bisect
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from followthemoney import registry
from followthemoney.statement import StatementEntity
from normality import normalize
from rigour.text.distance import jaro_winkler

from crosscurrent.resolve.normalise import name_tokens

THRESHOLD = 0.82
"""Below this a name is not shown as a match."""
SKELETON_SCORE = 0.9
"""Same consonant skeleton: a near-certain spelling variant, not an exact match."""
PARTICLES = frozenset(
    {
        "al",
        "el",
        "ul",
        "bin",
        "ben",
        "ibn",
        "abu",
        "de",
        "di",
        "da",
        "van",
        "von",
        "der",
        "la",
        "le",
    }
)
"""Name particles: often dropped, or written joined (``al-Rashid``, ``Alrashid``);
a query's particle counts only where it matches."""


@dataclass(frozen=True)
class Query:
    text: str
    words: tuple[str, ...]
    skeletons: tuple[frozenset[str], ...]

    @classmethod
    def parse(cls, text: str) -> "Query":
        norm = normalize(text, ascii=True) or ""
        words = tuple(dict.fromkeys(norm.split()))
        return cls(norm, words, tuple(name_tokens(w) for w in words))

    @property
    def content(self) -> list[tuple[str, frozenset[str]]]:
        """The words that must match: all but particles (unless that is all there is)."""
        pairs = list(zip(self.words, self.skeletons, strict=True))
        kept = [(w, s) for w, s in pairs if w not in PARTICLES]
        return kept or pairs


def names_of(entity: StatementEntity) -> list[str]:
    """Every name of the entity, and first + last name for records split that way."""
    names = list(entity.get_type_values(registry.name))
    firsts, lasts = entity.get("firstName", quiet=True), entity.get("lastName", quiet=True)
    names.extend(f"{f} {last}" for f in firsts for last in lasts)
    return list(dict.fromkeys(names))


def _word_score(
    word: str, skeleton: frozenset[str], words: tuple[str, ...], tokens: frozenset[str]
) -> float:
    best = SKELETON_SCORE if skeleton and skeleton <= tokens else 0.0
    for candidate in words:
        if candidate == word:
            return 1.0
        if len(word) >= 3 and candidate.startswith(word):
            best = max(best, 0.95)  # typing ahead
        best = max(best, jaro_winkler(word, candidate))
    return best


@lru_cache(maxsize=1 << 18)
def prepare(name: str) -> tuple[str, tuple[str, ...], frozenset[str]]:
    """A name's ASCII form, its words and its skeleton tokens: worked out once per
    distinct name, since transliteration costs far more than comparing."""
    norm = normalize(name, ascii=True) or ""
    tokens = name_tokens(name)
    # An article written joined to the name (Arabic الرشيد) still meets "Rashid".
    tokens |= {t[2:] for t in tokens if t.startswith("al") and len(t) > 4}
    return norm, tuple(norm.split()), frozenset(tokens)


def score(query: Query, name: str) -> float:
    norm, words, tokens = prepare(name)
    if not query.words or not norm:
        return 0.0
    if norm == query.text:
        return 1.0
    content = query.content
    total = sum(_word_score(w, s, words, tokens) for w, s in content)
    return round(total / len(content), 4)


def match(query: Query, entity: StatementEntity) -> tuple[float, list[str]]:
    """The entity's best score and the names that reach the threshold, best first."""
    return match_names(query, names_of(entity))


def match_names(
    query: Query, names: list[str], memo: dict[str, float] | None = None
) -> tuple[float, list[str]]:
    """``memo`` keeps one query's scores: many entities share a spelling."""
    if memo is None:
        memo = {}
    for n in names:
        if n not in memo:
            memo[n] = score(query, n)
    scored = sorted(((memo[n], n) for n in names), reverse=True)
    hits = [(s, n) for s, n in scored if s >= THRESHOLD]
    return (hits[0][0] if hits else 0.0), [n for _, n in hits]


class NameIndex:
    """Which entities can reach the threshold for a query, without scoring them all.

    A name's score is the mean of its query words' best scores, so a name that
    reaches the threshold has at least one query word scoring as much on it: a
    word equal to, typed ahead of, or Jaro-Winkler-close to one of its words, or a
    skeleton within its tokens. The index finds exactly those entities (words are
    compared once per distinct word, not once per name), and ``match`` then
    scores only them: the same results as scoring every entity.
    """

    def __init__(self, entities: list[StatementEntity]) -> None:
        self.entities = entities
        self.names = [names_of(entity) for entity in entities]
        by_word: dict[str, set[int]] = defaultdict(set)
        by_token: dict[str, set[int]] = defaultdict(set)
        for n, names in enumerate(self.names):
            for name in names:
                _, words, tokens = prepare(name)
                for word in words:
                    by_word[word].add(n)
                for token in tokens:
                    by_token[token].add(n)
        self.by_word = dict(by_word)
        self.by_token = dict(by_token)
        self.vocabulary = sorted(by_word)
        self._close = lru_cache(maxsize=4096)(self._close_words)

    def _close_words(self, word: str) -> tuple[str, ...]:
        found = [w for w in self.vocabulary if jaro_winkler(word, w) >= THRESHOLD]
        if len(word) >= 3:  # typing ahead: every word the query is a prefix of
            start = bisect.bisect_left(self.vocabulary, word)
            for w in self.vocabulary[start:]:
                if not w.startswith(word):
                    break
                found.append(w)
        return tuple(found)

    def candidates(self, query: Query) -> list[int]:
        """Positions in ``entities`` of every entity that may reach the threshold."""
        found: set[int] = set()
        for word, skeleton in query.content:
            for close in self._close(word):
                found |= self.by_word[close]
            if skeleton:
                sets = [self.by_token.get(t, set()) for t in skeleton]
                found |= set.intersection(*sets)
        return sorted(found)
