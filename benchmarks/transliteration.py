"""Names to ASCII: Crosscurrent's ``normalise.latin`` against rigour's ``ascii_text``.

One command, both in one run, each in its own process over the same distinct
names (rigour caches nothing between the two):

    .venv/bin/python benchmarks/transliteration.py            # 20,000 names
    .venv/bin/python benchmarks/transliteration.py --names 100000

The names are the scenario's, written as its agencies write them: Latin
spellings with marks (Hüseyin, Nguyễn, Çelik), ASCII-folded ones, and Arabic,
Kurdish, Persian, Tigrinya and Cyrillic script. It prints how many of each
kind, each system's seconds, the ratio, and whether every output is the same
(``latin`` must give exactly rigour's text: it only spells Latin letters from a
table of rigour's own spellings).
"""

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from random import Random

KINDS = ("ASCII", "Latin with marks", "other scripts")


def names(count: int, seed: int) -> list[str]:
    """Distinct full names as the scenario's agencies write them."""
    from crosscurrent.scenario.names import LANGS, Spelling, namebook, write_name

    book = namebook()
    rng = Random(seed)
    groups = tuple(book.groups)
    seen: dict[str, None] = {}
    tries = 0
    while len(seen) < count and tries < count * 50:
        tries += 1
        group = book.pick_group(rng, groups)
        keys = book.draw(rng, group, female=rng.random() < 0.2)
        how = Spelling(
            lang=rng.choice(LANGS),
            script=rng.choice((0.0, 0.1, 1.0)),
            typo=0.1,
            swap=0.1,
            upper_surname=rng.random() < 0.2,
            ascii=rng.random() < 0.2,
        )
        written = write_name(book, group.key, keys, how, rng)
        seen.setdefault(f"{written.given} {written.surname}", None)
    return list(seen)


def kind(name: str) -> str:
    if name.isascii():
        return KINDS[0]
    if all(c.isascii() or "LATIN" in _name(c) or _name(c).startswith("COMBINING") for c in name):
        return KINDS[1]
    return KINDS[2]


def _name(c: str) -> str:
    import unicodedata

    return unicodedata.name(c, "")


def run(system: str, path: str) -> None:
    """In a child: time ``system`` over the names in ``path``; print JSON."""
    items = json.loads(Path(path).read_text(encoding="utf-8"))
    if system == "rigour":
        from rigour.text import ascii_text as spell
    else:
        from crosscurrent.resolve.normalise import latin as spell
    spell("warm up imports and tables: Hüseyin")
    seconds: dict[str, float] = dict.fromkeys(KINDS, 0.0)
    out = []
    for name, k in items:
        started = time.perf_counter()
        text = spell(name)
        seconds[k] += time.perf_counter() - started
        out.append(text)
    print(json.dumps({"seconds": seconds, "out": out}))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--names", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--child", nargs=2, metavar=("SYSTEM", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        run(*args.child)
        return 0

    import tempfile

    items = [(n, kind(n)) for n in names(args.names, args.seed)]
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as fh:
        json.dump(items, fh)
    results = {}
    for system in ("rigour", "crosscurrent"):
        done = subprocess.run(
            [sys.executable, __file__, "--child", system, fh.name],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        results[system] = json.loads(done.stdout)
    same = results["rigour"]["out"] == results["crosscurrent"]["out"]
    counts = {k: sum(1 for _, x in items if x == k) for k in KINDS}
    counts["all"] = len(items)
    took = {
        system: {**r["seconds"], "all": sum(r["seconds"].values())} for system, r in results.items()
    }
    print(f"{len(items):,} distinct scenario names, each transliterated once per system")
    print(f"{'kind':<20} {'names':>7} {'rigour s':>9} {'latin s':>9} {'ratio':>7}")
    for k in (*KINDS, "all"):
        r, c = took["rigour"][k], took["crosscurrent"][k]
        ratio = c / r if r else float("nan")
        print(f"{k:<20} {counts[k]:>7,} {r:>9.3f} {c:>9.3f} {ratio:>7.3f}")
    overall = took["crosscurrent"]["all"] / took["rigour"]["all"]
    print(f"ratio latin / ascii_text (all names): {overall:.3f}")
    print(f"every output the same: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
