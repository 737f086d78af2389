"""Entity resolution ablation: what each normaliser and the scoring model contribute.

    .venv/bin/python benchmarks/er_ablation.py                      # scenario 10k + historical_50k
    .venv/bin/python benchmarks/er_ablation.py --sets scenario --sizes 10000,100000
    .venv/bin/python benchmarks/er_ablation.py --sets historical --limit 500
    .venv/bin/python benchmarks/er_ablation.py --variants full,fuzzy,tf
    .venv/bin/python benchmarks/er_ablation.py --sets febrl4 --variants full,address,doctypo

Each data set is prepared as ``benchmarks/er_splink.py`` prepares it (the same
functions, imported), then resolved by the scored resolver (``crosscurrent-fs``,
er_splink's ``run_fs``: records from the store, blocking, EM, scoring, average-link
clustering at 0.5) once with everything on and once with one feature switched off.
A feature is switched off by monkeypatching ``resolve/score.py`` or
``resolve/normalise.py`` inside this process only; the patch is undone afterwards,
and every ``lru_cache`` of both modules and the scorer's per-comparison memo are
cleared before and after each run (so no variant sees another's cached values,
and each run starts cold, as the full model does).

The variants (``--variants``, comma-separated names):

- ``translit``: no transliteration of non-Latin scripts (Arabic, Persian, Kurdish
  Sorani, Cyrillic, Ge'ez...): ``ascii_text`` folds Latin letters only (accents)
  and leaves other scripts as written, and the Sorani letter map is skipped, in
  names, places, addresses and identifiers;
- ``skeleton``: no consonant skeletons (Mohammed / Muhammad / Mihemed -> mhmd): a
  word's skeleton is the word itself, in comparisons, blocking and frequencies;
- ``fuzzy``: no fuzzy name parts: Jaro-Winkler >= 0.9 never holds (``_similar``, which
  the numpy path also calls for the pairs its bound lets through);
- ``phone``: no E.164 phones with the agency's country: the raw digits of the phone as
  the source wrote it (the loader stores phones in E.164 already, keeping the written
  form as the statement's original value, so the scorer's ``normalise.phone`` alone
  has nothing left to normalise in the store);
- ``document``: no document normalisation (upper case, no spaces or dashes): the
  number as written;
- ``dates``: no partial dates nor date levels: only full dates are kept, and only the
  same full date agrees (every other pair of dates is "different dates"), in the
  reference and the numpy level functions;
- ``address``: no trigram levels for addresses ("nearly the same", "partly alike"):
  same, a word in common, or different;
- ``doctypo``: no level for document numbers a typo apart: same or different;
- ``tf``: no term-frequency adjustment (``TF_LIMIT = 0``);
- ``em``: no EM for m: m stays at its initial geometric decay (the prior is still
  estimated by the sessions, with m fixed);
- ``negative``: no negative evidence: negative level weights log2(m/u) clipped to 0
  (disagreements weigh nothing; frequency adjustments unchanged);
- ``rules``: the whole model replaced by the first resolver's rules
  (``crosscurrent resolve``, as er_splink runs ``crosscurrent-rules``).

Name-order independence is not a variant: a record's name words are a set
(``Record.tokens``), gathered from several properties (name, alias, firstName,
lastName...), so the order is lost before any comparison; comparing ordered names
would mean another record type, not a switch.

A variant whose figures equal the full model's exactly is marked ``(no effect)``:
either the data has nothing the feature acts on (the coverage line under each table
says what the data holds) or the switch did not take effect.
"""

from __future__ import annotations

import argparse
import functools
import os
import platform
import re
import shutil
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# er_splink.py beside this file: the data sets' preparation and the resolvers' runs.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from rigour.text import ascii_text

import er_splink
from crosscurrent.resolve import normalise, score

# --- patching -------------------------------------------------------------------------------


class Patches:
    """setattr with the old values kept, to be put back in reverse order."""

    def __init__(self) -> None:
        self.saved: list[tuple[Any, str, Any]] = []

    def set(self, target: Any, name: str, value: Any) -> None:
        self.saved.append((target, name, target.__dict__[name]))
        setattr(target, name, value)

    def undo(self) -> None:
        for target, name, value in reversed(self.saved):
            setattr(target, name, value)
        self.saved.clear()


def clear_caches(*extra: Any) -> None:
    """Every lru_cache of score.py and normalise.py (and of ``extra``), and the
    scorer's per-comparison memo of levels."""
    for module in (score, normalise):
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()
    for value in extra:
        if callable(getattr(value, "cache_clear", None)):
            value.cache_clear()
    for memo in score._memo:
        memo.clear()


@contextmanager
def patched(apply: Callable[[Patches], None]) -> Iterator[None]:
    patches = Patches()
    clear_caches()
    try:
        apply(patches)
        yield
    finally:
        replaced = [getattr(t, n) for t, n, _ in patches.saved]
        patches.undo()
        clear_caches(*replaced)


# --- the switches ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=10_000)
def _fold_char(ch: str) -> str:
    if ch.isascii():
        return ch
    name = unicodedata.name(ch, "")
    if name.startswith(("LATIN", "COMBINING")):  # é, ß, ø, a combining accent
        return str(ascii_text(ch))
    return ch


def latin_only(text: str) -> str:
    """``ascii_text`` for Latin-script letters alone: other scripts stay as written."""
    return "".join(map(_fold_char, text))


def no_translit(p: Patches) -> None:
    p.set(score, "ascii_text", latin_only)
    p.set(normalise, "ascii_text", latin_only)
    p.set(normalise, "SORANI", {})


def no_skeleton(p: Patches) -> None:
    p.set(score, "skeleton", lambda word: word)


def no_fuzzy(p: Patches) -> None:
    p.set(score, "jaro_winkler", lambda a, b: 0.0)


DIGITS = re.compile(r"\D")


def raw_phone(value: str, region: str | None = None) -> str | None:
    return DIGITS.sub("", value) or None


def as_written(props: tuple[str, ...]) -> Callable[[Patches], None]:
    """Read these properties' values as the source wrote them (the statement's
    ``original_value``) instead of as the loader cleaned them."""

    def apply(p: Patches) -> None:
        stored_people = er_splink.stored_people

        def written(work: Path) -> Any:
            import duckdb

            people, region = stored_people(work)
            con = duckdb.connect(str(work / "store.duckdb"), read_only=True)
            try:
                rows = con.execute(
                    "SELECT dataset, entity_id, prop, value, original_value FROM statement "
                    "WHERE schema = 'Person' AND original_value IS NOT NULL AND prop IN "
                    f"({', '.join('?' * len(props))})",
                    list(props),
                ).fetchall()
            finally:
                con.close()
            for dataset, entity_id, prop, value, original in rows:
                values = people[(dataset, entity_id)][prop]
                if value in values:  # one statement, one value (a repeat is replaced once each)
                    values[values.index(value)] = original
            return people, region

        p.set(er_splink, "stored_people", written)

    return apply


def no_phone(p: Patches) -> None:
    """The loader stores phones in E.164 already (with the agency's country), so the
    scorer's own normalisation alone has nothing left to do: read the phones as
    written, and compare their digits."""
    as_written(("phone",))(p)
    p.set(normalise, "phone", raw_phone)


def no_document(p: Patches) -> None:
    as_written(("passportNumber", "idNumber"))(p)
    p.set(normalise, "identifier", lambda value: value.strip() or None)


def no_dates(p: Patches) -> None:
    full = re.compile(r"\d{4}-\d{2}-\d{2}")
    birth_levels = score._birth_levels

    def dates(values: Any) -> frozenset[str]:
        return frozenset(v.strip()[:10] for v in values if full.fullmatch(v.strip()[:10]))

    def date_level(x: str, y: str) -> int:
        return 0 if x == y and len(x) == 10 else 5

    def levels(x: Any, y: Any, values: Any) -> Any:
        out = birth_levels(x, y, values)
        out[out != 0] = 5
        return out

    p.set(score, "_dates", dates)
    p.set(score, "_date_level", date_level)
    p.set(score, "_birth_levels", levels)


def no_address_levels(p: Patches) -> None:
    """Addresses compared as they first were: same, a word in common, or different
    (the trigram levels "nearly the same" and "partly alike" are never reached)."""
    p.set(score, "ADDRESS_NEAR", 2.0)
    p.set(score, "ADDRESS_PART", 2.0)


def no_document_typos(p: Patches) -> None:
    """Document numbers the same or different (no level for a typo apart)."""
    import numpy as np

    p.set(score, "_near_identifier", lambda a, b: False)
    p.set(score, "_near_identifiers", lambda x, y, values: np.zeros(len(x), dtype=bool))


def no_tf(p: Patches) -> None:
    p.set(score, "TF_LIMIT", 0.0)


def em_prior_only(
    patterns: Any,
    m: list[list[float]],
    u: list[list[float]],
    prior: float,
    iterations: int,
    ignored: frozenset[int] = frozenset(),
    tolerance: float = 1e-5,
) -> tuple[list[list[float]], float, int]:
    """``score._em`` with m held at what it is given: only the prior is learnt."""
    done = 0
    while done < iterations:
        done += 1
        matches = total = 0.0
        for vector, count in patterns.items():
            lm, lu = prior, 1.0 - prior
            for c, level in enumerate(vector):
                if level >= 0 and c not in ignored:
                    lm *= m[c][level]
                    lu *= u[c][level]
            matches += (lm / (lm + lu) if lm + lu > 0 else 0.0) * count
            total += count
        new = min(max(matches / total, 1e-6), 1 - 1e-6) if total else prior
        change, prior = abs(new - prior), new
        if change < tolerance:
            break
    return m, prior, done


def no_em(p: Patches) -> None:
    p.set(score, "_em", em_prior_only)


def no_negative(p: Patches) -> None:
    weights = score.Model.__dict__["_weights"].func

    def clipped(self: score.Model) -> list[list[float]]:
        return [[max(0.0, w) for w in row] for row in weights(self)]

    prop = functools.cached_property(clipped)
    prop.__set_name__(score.Model, "_weights")
    p.set(score.Model, "_weights", prop)


@dataclass(frozen=True)
class Variant:
    name: str
    label: str
    apply: Callable[[Patches], None] | None
    """None: the rules resolver instead of the scorer."""


def _nothing(p: Patches) -> None:
    return None


VARIANTS = (
    Variant("full", "full model", _nothing),
    Variant("translit", "- transliteration", no_translit),
    Variant("skeleton", "- consonant skeletons", no_skeleton),
    Variant("fuzzy", "- fuzzy name parts (JW)", no_fuzzy),
    Variant("phone", "- phone E.164", no_phone),
    Variant("document", "- document normalisation", no_document),
    Variant("dates", "- partial dates, levels", no_dates),
    Variant("address", "- address trigram levels", no_address_levels),
    Variant("doctypo", "- document typo level", no_document_typos),
    Variant("tf", "- term frequency (TF_LIMIT 0)", no_tf),
    Variant("em", "- EM for m (initial m)", no_em),
    Variant("negative", "- negative evidence", no_negative),
    Variant("rules", "rules resolver instead", None),
)


# --- running --------------------------------------------------------------------------------


def run_variant(variant: Variant, work: Path) -> dict[str, Any]:
    if variant.apply is None:
        return er_splink.run_rules(work)
    with patched(variant.apply):
        return er_splink.run_fs(work)


def coverage(work: Path) -> str:
    """What the stored records hold that the switches act on."""
    import duckdb

    people, _ = er_splink.stored_people(work)
    n = max(len(people), 1)
    name_props = ("name", "alias", "firstName", "lastName", "middleName", "secondName")

    def share(test: Callable[[dict[str, list[str]]], bool]) -> str:
        return f"{sum(1 for p in people.values() if test(p)) / n:.0%}"

    def non_latin(p: dict[str, list[str]]) -> bool:
        return any(latin_only(v) != ascii_text(v) for k in name_props for v in p.get(k, ()))

    def partial(p: dict[str, list[str]]) -> bool:
        return any(len(v.strip()) < 10 for v in p.get("birthDate", ()))

    def document(p: dict[str, list[str]]) -> bool:
        return bool(p.get("passportNumber") or p.get("idNumber"))

    con = duckdb.connect(str(work / "store.duckdb"), read_only=True)
    try:
        phones, written = con.execute(
            "SELECT count(*), count(original_value) FROM statement "
            "WHERE schema = 'Person' AND prop = 'phone'"
        ).fetchone() or (0, 0)
    finally:
        con.close()
    return (
        f"coverage: {len(people):,} stored Person records (stubs included); a name in a "
        f"non-Latin script {share(non_latin)}, a phone {share(lambda p: bool(p.get('phone')))} "
        f"({written:,} of {phones:,} phone values written other than as stored E.164), "
        f"a document {share(document)}, a birth date "
        f"{share(lambda p: bool(p.get('birthDate')))}, a partial one {share(partial)}"
    )


COMPARED = ("precision", "recall", "f1", "bcubed_f1", "candidate pairs", "blocking pair recall")


def _key(result: dict[str, Any]) -> tuple[Any, ...]:
    merged = {**result, **result.get("detail", {})}
    return tuple(merged.get(k) for k in COMPARED)


def render(title: str, results: list[tuple[Variant, dict[str, Any]]]) -> list[str]:
    lines = [
        title,
        f"{'variant':<32} {'P':>6} {'R':>6} {'F1':>6} {'B3 F1':>6} {'blk R':>6} "
        f"{'pairs':>10} {'s':>7} {'CPU s':>7} {'dF1':>7} {'dB3F1':>7}",
    ]
    full = next((r for v, r in results if v.name == "full"), None)
    for variant, r in results:
        detail = r.get("detail", {})
        recall = detail.get("blocking pair recall")
        pairs = detail.get("candidate pairs")
        delta = delta_b3 = "n/a"
        if full is not None:
            delta = f"{r['f1'] - full['f1']:+.3f}"
            delta_b3 = f"{r['bcubed_f1'] - full['bcubed_f1']:+.3f}"
        note = ""
        if full is not None and variant.name not in ("full", "rules") and _key(r) == _key(full):
            note = "  (no effect)"
        lines.append(
            f"{variant.label:<32} {r['precision']:>6.3f} {r['recall']:>6.3f} {r['f1']:>6.3f} "
            f"{r['bcubed_f1']:>6.3f} {'n/a' if recall is None else f'{recall:.3f}':>6} "
            f"{'n/a' if pairs is None else f'{pairs:,}':>10} {r['seconds']:>7.2f} "
            f"{r['cpu']:>7.2f} {delta:>7} {delta_b3:>7}{note}"
        )
    return lines


def scenario(work: Path, size: int, seed: int) -> None:
    er_splink.prepare_scenario(work, size, seed)


def datasets(args: argparse.Namespace) -> Iterator[tuple[str, Callable[[Path], None]]]:
    for which in args.sets.split(","):
        if which == "scenario":
            for size in (int(s) for s in args.sizes.split(",")):
                yield (
                    f"scenario --size {size} --seed {args.seed}",
                    functools.partial(scenario, size=size, seed=args.seed),
                )
        elif which == "febrl4":
            yield "FEBRL4", lambda w: er_splink.prepare_febrl(w, 4)
        elif which == "historical":
            label = f" (first {args.limit} people)" if args.limit else ""
            yield (
                f"historical_50k{label}",
                lambda w: er_splink.prepare_historical(w, args.limit),
            )
        elif which:
            raise SystemExit(f"unknown set {which!r} (scenario, historical, febrl4)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--sets", default="scenario,historical", help="scenario, historical, febrl4"
    )
    parser.add_argument("--sizes", default="10000", help="scenario sizes, e.g. 10000,100000")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--limit", type=int, help="historical: only the first N people")
    parser.add_argument(
        "--variants", default=",".join(v.name for v in VARIANTS), help="which variants"
    )
    parser.add_argument("--workdir", type=Path, help="keep the files here (default: temp)")
    args = parser.parse_args(argv)

    wanted = [v for v in args.variants.split(",") if v]
    by_name = {v.name: v for v in VARIANTS}
    unknown = [v for v in wanted if v not in by_name]
    if unknown:
        raise SystemExit(f"unknown variants {unknown}; known: {', '.join(by_name)}")
    variants = [by_name[v] for v in wanted]
    os.environ.pop("CROSSCURRENT_NAME_SYMBOLS", None)  # run_fs reads it: the default model
    started = time.perf_counter()
    lines = [
        f"Crosscurrent entity resolution ablation: Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs",
        "each row: crosscurrent-fs (er_splink.run_fs) with one feature off; s and CPU s: "
        "reading the stored records, blocking, training, scoring, clustering; dF1, dB3F1: "
        "against the full model; blk R: share of true pairs among the candidate pairs",
        "",
    ]
    for title, prepare in datasets(args):
        work = Path(tempfile.mkdtemp(prefix="crosscurrent-ablation-", dir=args.workdir))
        try:
            print(f"  {title}: preparing...", file=sys.stderr, flush=True)
            try:
                prepare(work)
            except er_splink.Skip as why:
                lines += [f"{title} skipped: {why}", ""]
                continue
            results = []
            for variant in variants:
                print(f"  {title}: {variant.name}...", file=sys.stderr, flush=True)
                results.append((variant, run_variant(variant, work)))
            lines += [*render(title, results), coverage(work), ""]
        finally:
            if args.workdir is None:
                shutil.rmtree(work, ignore_errors=True)
    lines.append(f"total {time.perf_counter() - started:.0f} s")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
