"""Synthetic multi-agency scenario: a true world of smuggling networks and
seven agencies' partial, inconsistent views of it, with ground truth.

``generate(out, seed, size)`` writes per-agency exports (CSV, one XLSX, FtM
JSON lines) with FtM mappings, ``manifest.json`` and ``truth/``; the same
seed always gives the same bytes.
"""

from crosscurrent.scenario.generator import generate

__all__ = ["generate"]
