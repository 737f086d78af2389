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
from functools import cached_property, lru_cache

from followthemoney import registry
from followthemoney.schema import Schema
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

    @cached_property
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


def _compare(word: str, candidate: str) -> float:
    """What one word of a name scores for a query word (``_word_score`` for one)."""
    if candidate == word:
        return 1.0
    similarity = jaro_winkler(word, candidate)
    return max(0.95, similarity) if len(word) >= 3 and candidate.startswith(word) else similarity


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
    """Which entities reach the threshold for a query, without scoring them all.

    A name's score is the mean of its query words' best scores, so a name that
    reaches the threshold has at least one query word scoring as much on it: a
    word equal to, typed ahead of, or Jaro-Winkler-close to one of its words, or a
    skeleton within its tokens. The index finds exactly those names (words are
    compared once per distinct word, not once per name), and ``search`` scores
    only them: the same results as scoring every entity (``match``).

    Built once per agency view (``caller_view``) and read by many requests at
    once: nothing in it changes after ``__init__`` but the word caches.
    """

    def __init__(self, entities: list[StatementEntity]) -> None:
        self.entities = entities
        self.ids = [str(entity.id) for entity in entities]
        self.names = [names_of(entity) for entity in entities]
        numbers: dict[str, int] = {}
        self.holders: list[list[int]] = []
        """Each distinct name's entities (positions), in position order."""
        self.numbers: list[tuple[int, ...]] = []
        """Each entity's names, as numbers in ``name_list``."""
        for n, names in enumerate(self.names):
            mine = []
            for name in names:
                number = numbers.setdefault(name, len(numbers))
                if number == len(self.holders):
                    self.holders.append([])
                self.holders[number].append(n)
                mine.append(number)
            self.numbers.append(tuple(mine))
        self.name_list = list(numbers)
        self.prepared = [prepare(name) for name in self.name_list]
        by_word: dict[str, set[int]] = defaultdict(set)
        by_token: dict[str, set[int]] = defaultdict(set)
        for number, (norm, words, tokens) in enumerate(self.prepared):
            if not norm:
                continue  # scores 0 whatever the query
            for word in words:
                by_word[word].add(number)
            for token in tokens:
                by_token[token].add(number)
        self.by_word = dict(by_word)
        self.by_token = dict(by_token)
        self.vocabulary = sorted(by_word)
        self._close = lru_cache(maxsize=4096)(self._close_words)

    def _close_words(self, word: str) -> tuple[tuple[str, float], ...]:
        """Every word of the vocabulary the query word scores at least the threshold
        on, with that score, rounded as ``score`` rounds it."""
        found: dict[str, float] = {}
        for w in self.vocabulary:
            similarity = round(jaro_winkler(word, w), 4)
            if similarity >= THRESHOLD:
                found[w] = similarity
        if len(word) >= 3:  # typing ahead: every word the query is a prefix of
            start = bisect.bisect_left(self.vocabulary, word)
            for w in self.vocabulary[start:]:
                if not w.startswith(word):
                    break
                found[w] = max(found.get(w, 0.0), 0.95)
        if word in found:
            found[word] = 1.0
        return tuple(found.items())

    def _skeleton_names(self, skeleton: frozenset[str]) -> set[int]:
        if not skeleton:
            return set()
        sets = sorted((self.by_token.get(t, set()) for t in skeleton), key=len)
        return sets[0].intersection(*sets[1:])

    def _reach(self, word: str, skeleton: frozenset[str]) -> dict[int, float]:
        """Names one query word scores at least the threshold on, with that score."""
        best: dict[int, float] = dict.fromkeys(self._skeleton_names(skeleton), SKELETON_SCORE)
        for close, value in self._close(word):
            for number in self.by_word[close]:
                if value > best.get(number, 0.0):
                    best[number] = value
        return best

    def _name_scores(self, query: Query) -> dict[int, float]:
        """The score of every name that may reach the threshold (and some that do not)."""
        content = query.content
        if len(content) == 1:
            # One word: a name's score is that word's best over the name's words and
            # skeleton (rounding commutes with taking the best), and every name
            # reaching the threshold is reached here.
            return self._reach(*content[0])
        numbers: set[int] = set()
        for word, skeleton in content:
            numbers.update(self._reach(word, skeleton))
        # As ``score``, with each query word compared once with each distinct word.
        compared: list[dict[str, float]] = [{} for _ in content]
        found = {}
        for number in numbers:
            norm, words, tokens = self.prepared[number]
            if norm == query.text:
                found[number] = 1.0
                continue
            total = 0.0
            for (word, skeleton), memo in zip(content, compared, strict=True):
                best = SKELETON_SCORE if skeleton and skeleton <= tokens else 0.0
                for candidate in words:
                    value = memo.get(candidate)
                    if value is None:
                        value = memo[candidate] = _compare(word, candidate)
                    if value > best:
                        best = value
                total += best
            found[number] = round(total / len(content), 4)
        return found

    def search(
        self, query: Query, wanted: Schema | None = None, limit: int | None = None
    ) -> list[tuple[float, int, list[str]]]:
        """(score, position, names that reach the threshold, best first) of the
        ``limit`` best entities that match, best first, then by id: as ``match``
        on each entity gives them.

        Names are taken best first, so an entity's first name is its score; the
        entities of one score are ordered by id, and the walk stops after the score
        that fills ``limit``. Only those entities' names are gathered."""
        if not query.words:
            return []
        scores = {n: v for n, v in self._name_scores(query).items() if v >= THRESHOLD}
        ranked: list[tuple[float, int]] = []
        seen: set[int] = set()
        level: list[int] = []
        current = 0.0
        for number in sorted(scores, key=scores.__getitem__, reverse=True):
            value = scores[number]
            if value != current:
                if limit is not None and len(ranked) + len(level) >= limit:
                    break
                ranked.extend((current, p) for p in sorted(level, key=self.ids.__getitem__))
                level, current = [], value
            for position in self.holders[number]:
                if position in seen:
                    continue
                seen.add(position)
                if wanted is None or self.entities[position].schema.is_a(wanted):
                    level.append(position)
        ranked.extend((current, p) for p in sorted(level, key=self.ids.__getitem__))
        hits = []
        for best, position in ranked[:limit]:
            names = self.names[position]
            numbers = self.numbers[position]
            scored = sorted(
                ((scores[n], names[i]) for i, n in enumerate(numbers) if n in scores),
                reverse=True,
            )
            hits.append((best, position, [name for _, name in scored]))
        return hits

    def candidates(self, query: Query) -> list[int]:
        """Positions in ``entities`` of every entity that may reach the threshold."""
        found: set[int] = set()
        for word, skeleton in query.content:
            for number in self._reach(word, skeleton):
                found.update(self.holders[number])
        return sorted(found)
