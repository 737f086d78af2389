"""Charts for briefings: PNG or SVG by the file's suffix, with the source credited.

Matplotlib runs on the Agg backend (no display on a server). A period without
figures is drawn as a gap, never as zero; one with some days missing is hatched.
"""

import textwrap
from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

# The backend is chosen before pyplot is imported, or pyplot picks one itself.
import matplotlib.pyplot as plt

from crosscurrent.situation.series import Total

FORMATS = (".png", ".svg")


class BadChart(ValueError):
    pass


def _check(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise BadChart(f"{path.name}: a chart is written as .png or .svg")
    return suffix


def series_chart(
    totals: Sequence[Total], path: Path, title: str, ylabel: str, credit: str,
    baseline: Sequence[Total] | None = None, baseline_label: str = "", label: str = "",
) -> Path:  # fmt: skip
    """Bars per period; ``baseline`` (same length) drawn as a line to compare with."""
    suffix = _check(path)
    # A fixed salt makes SVG element ids, and so the file, the same on every run.
    with plt.rc_context({"svg.hashsalt": "crosscurrent"}):
        return _draw(
            totals, path, suffix, title, ylabel, credit, baseline, baseline_label, label
        )  # fmt: skip


def _draw(
    totals: Sequence[Total], path: Path, suffix: str, title: str, ylabel: str, credit: str,
    baseline: Sequence[Total] | None, baseline_label: str, label: str,
) -> Path:  # fmt: skip
    labels = [t.window.label.split(" ")[0] for t in totals]
    xs = list(range(len(totals)))
    heights = [float(t.value) if t.present else float("nan") for t in totals]
    fig, ax = plt.subplots(figsize=(10, 4.5), dpi=110)
    bars = ax.bar(xs, heights, color="#2b6ca3", label=label)
    for bar, t in zip(bars, totals, strict=True):
        if t.present and not t.complete:
            bar.set_hatch("//")
            bar.set_edgecolor("#f0f0f0")
    if baseline is not None:
        base = [float(t.value) if t.present else float("nan") for t in baseline]
        ax.plot(xs, base, color="#c0392b", marker="o", label=baseline_label or "baseline")
        ax.legend(loc="upper left", frameon=False)
    gaps = [x for x, t in zip(xs, totals, strict=True) if not t.present]
    for x in gaps:
        ax.axvspan(x - 0.4, x + 0.4, color="#dddddd", zorder=0)
    step = max(1, len(xs) // 24)  # keep at most ~24 tick labels readable
    ax.set_xticks(xs[::step], labels[::step], rotation=45, ha="right", fontsize=8)
    ax.set_title("\n".join(textwrap.wrap(title, 100)), fontsize=10)
    ax.set_ylabel(ylabel)
    ax.spines[["top", "right"]].set_visible(False)
    note = "Grey: no figures (missing, not zero). Hatched: some days missing."
    # The licences ask for attribution on every copy, charts pasted into briefings too.
    footer = "\n".join([*textwrap.wrap(credit, 190), note])
    fig.text(0.01, 0.01, footer, fontsize=6.5, color="#555555", va="bottom")
    fig.tight_layout(rect=(0, 0.05 + 0.025 * footer.count("\n"), 1, 1))
    # No timestamp in the metadata: the same data gives the same file.
    metadata = {"Date": None} if suffix == ".svg" else {"Software": None}
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format=suffix[1:], metadata=metadata)
    plt.close(fig)
    return path
