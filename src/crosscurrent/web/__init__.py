"""The browser UI's files: pages, scripts and styles of our own in ``static/``, and
the libraries they use in ``static/vendor/``, copied there from the npm packages in
``web/package-lock.json`` by ``make install`` (see docs/ui.md). The API serves them
(``crosscurrent.api.routers.ui``); nothing is loaded from anywhere else."""

from pathlib import Path

STATIC = Path(__file__).parent / "static"
VENDOR = STATIC / "vendor"

REQUIRED_VENDOR = (
    "chart.umd.min.js",
    "cytoscape.min.js",
    "leaflet.js",
    "leaflet.css",
    "topojson-client.min.js",
    "countries-50m.json",
)
"""What the pages load from vendor/; without these the UI cannot work."""


def missing_vendor() -> list[str]:
    """Library files not yet copied in (run ``make install``)."""
    return [name for name in REQUIRED_VENDOR if not (VENDOR / name).is_file()]
