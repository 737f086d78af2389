"""Generate the multi-agency scenario: exports, mappings, manifest, truth.

Networks are built and written one at a time. Calls fill each network's
share of the requested size, so that the total number of records tracks
`size` however the other facts happen to fall.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from crosscurrent.scenario.calls import call_edges, calls
from crosscurrent.scenario.coverage import record_network
from crosscurrent.scenario.exports import EXPORTS, AgencyExport
from crosscurrent.scenario.truth import Truth
from crosscurrent.scenario.world import Network, World


def generate(out: Path, seed: int = 7, size: int = 3000) -> dict[str, Any]:
    """Write a scenario of about `size` source records to `out`; return the manifest."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    world = World(seed, size)
    truth = Truth(out, world.book)
    exports = {cls.agency.code: cls(out, seed, truth, world.book, world.places) for cls in EXPORTS}
    for index in range(world.networks):
        net = world.build(index)
        _write_network(world, net, exports, truth)
    for supplier in world.suppliers:
        truth.company(supplier)
        if supplier.contact is not None:
            truth.person(supplier.contact)
    for export in exports.values():
        export.close()
    truth.close()
    manifest = _manifest(out, seed, size, exports)
    text = json.dumps(manifest, ensure_ascii=False, indent=1)
    (out / "manifest.json").write_text(text + "\n", encoding="utf-8")
    return manifest


def _write_network(
    world: World, net: Network, exports: dict[str, AgencyExport], truth: Truth
) -> None:
    record_network(world.rng("record", net.index), net, exports)
    rng = world.rng("calls", net.index)
    edges = call_edges(world, rng, net)
    for edge in edges:
        for agency in edge.recorders:
            exports[agency].person_id(edge.a)
            exports[agency].person_id(edge.b)
    done = sum(w.records for e in exports.values() for w in e.writers.values())
    done += sum(e.pending() for e in exports.values())
    target = round(world.budget * (net.index + 1))
    extra = target - done - sum(len(e.recorders) for e in edges)
    for call, agency in calls(rng, net, edges, max(0, extra)):
        exports[agency].call(call)
    for export in exports.values():
        export.flush()
    for person in net.people():
        truth.person(person)
    for company in net.msb.values():
        truth.company(company)
    for item in net.items:
        truth.chain(item)
    for route in net.routes:
        truth.route(route)


def _manifest(out: Path, seed: int, size: int, exports: dict[str, AgencyExport]) -> dict[str, Any]:
    agencies = []
    files = []
    for code, export in exports.items():
        agency = export.agency
        agencies.append({"code": code, "name": agency.name, "country": agency.country.upper()})
        for key, spec in export.specs.items():
            path = f"{code}/{spec.filename}"
            mapping = None
            if spec.entities is not None:
                mapping = f"{code}/{Path(spec.filename).stem}.mapping.yml"
                body = {"queries": [{"entities": spec.entities}]}
                text = yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=1000)
                (out / mapping).write_text(text, encoding="utf-8")
            entry: dict[str, Any] = {
                "path": path,
                "dataset": export.dataset(key),
                "agency": code,
                "releasable_to": spec.releasable_to,
                "handling": spec.handling,
                "format": spec.format,
                "mapping": mapping,
                "records": export.writers[key].records,
            }
            if spec.format != "xlsx":
                entry["encoding"] = "utf-8"
            if spec.format == "csv":
                entry["delimiter"] = agency.delimiter
            files.append(entry)
    return {"seed": seed, "size": size, "agencies": agencies, "files": files}
