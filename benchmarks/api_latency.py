"""API latency under concurrent analysts: search, entity and 2-hop expansion.

One command: builds (or reuses) a store from the scenario, starts the real
server (`crosscurrent serve`, uvicorn, one process) and runs N concurrent
clients for a while, each signed in with its own API token and a case
reference, choosing at random among a fuzzy search, an entity page and a 2-hop
neighbourhood. It prints p50/p95/p99 per route, the ratio of p95 to the issue's
target (100 ms), and the same figures for ``/auth/me`` in the same run: the
floor of the server, client and audit stack with no data read (the peer).

    .venv/bin/python benchmarks/api_latency.py --size 130000 --clients 50 --think 1 --seconds 60

The first read of each agency resolves what it sees (``store.view.decision``);
that is printed as the cold time and left out of the percentiles.
"""

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

BIN = Path(sys.executable).parent / "crosscurrent"
TARGET_MS = 100.0
CASE = "BENCH/2026-1"
NAMES = ["ahmed", "hasan", "karim", "mohammed", "ali", "rebwar", "omar", "nguyen", "hussein"]


def run(*args: str, stdin: str | None = None) -> str:
    done = subprocess.run(
        [str(BIN), *args], input=stdin, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.exit(f"crosscurrent {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def build_store(db: Path, size: int, seed: int) -> None:
    scenario = db.parent / "scenario"
    run("scenario", "--out", str(scenario), "--seed", str(seed), "--size", str(size))
    run("--db", str(db), "load-scenario", str(scenario))
    run("--db", str(db), "resolve")


def tokens(db: Path, agency: str, clients: int) -> list[str]:
    """One analyst per client, each with its own token (users kept from an earlier run
    of the same store are reused). Made in one process: fifty CLI runs would each
    open the store."""
    from crosscurrent.share import users
    from crosscurrent.store import db as store

    out = []
    con = store.connect(db)
    try:
        for n in range(clients):
            name = f"bench-{agency.lower()}-{n}"
            if users.get_user(con, name) is None:
                users.add_user(con, name, agency, frozenset({users.Role.ANALYST}))
            out.append(users.create_token(con, name))
    finally:
        con.close()
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


async def client(
    base: str,
    token: str,
    ids: list[str],
    until: float,
    seen: dict[str, list[float]],
    think: float,
) -> None:
    headers = {"Authorization": f"Bearer {token}", "X-Case-Reference": CASE}
    # uvicorn drops a connection idle for 5 s; a client must not reuse one it dropped.
    limits = httpx.Limits(keepalive_expiry=2)
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60, limits=limits) as http:
        rng = random.Random(token)
        while time.perf_counter() < until:
            route = rng.choice(["search", "entity", "expand", "floor"])
            if route == "search":
                url = f"/search?q={rng.choice(NAMES)}&limit=20"
            elif route == "entity":
                url = f"/entities/{rng.choice(ids)}"
            elif route == "expand":
                url = f"/graph/{rng.choice(ids)}/neighbours?depth=2&limit=200"
            else:
                url = "/auth/me"
            start = time.perf_counter()
            response = await http.get(url)
            elapsed = (time.perf_counter() - start) * 1000
            if response.status_code != 200:
                raise SystemExit(f"{url}: {response.status_code} {response.text[:200]}")
            seen.setdefault(route, []).append(elapsed)
            # An analyst reads a page before the next click; 0 makes a flood.
            await asyncio.sleep(rng.expovariate(1 / think) if think > 0 else 0)


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) the process has used so far, where /proc tells it."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def measure(
    base: str, toks: list[str], seconds: float, think: float, pid: int
) -> tuple[float, dict[str, list[float]], float | None]:
    headers = {"Authorization": f"Bearer {toks[0]}", "X-Case-Reference": CASE}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=600) as http:
        start = time.perf_counter()
        found = await http.get("/search", params={"q": "ahmed", "limit": 50})
        cold = time.perf_counter() - start
        found.raise_for_status()
        ids = [hit["id"] for hit in found.json()["results"]]
        for name in NAMES[1:]:
            more = await http.get("/search", params={"q": name, "limit": 50})
            ids += [hit["id"] for hit in more.json()["results"]]
        if not ids:
            sys.exit("the search found nothing to read: is the store empty?")
        # The first entity and neighbourhood reads build what the agency's users share.
        for url in (f"/entities/{ids[0]}", f"/graph/{ids[0]}/neighbours?depth=2&limit=200"):
            (await http.get(url)).raise_for_status()
        cold = time.perf_counter() - start
    seen: dict[str, list[float]] = {}
    until = time.perf_counter() + seconds
    before = cpu_seconds(pid)
    await asyncio.gather(*(client(base, t, ids, until, seen, think) for t in toks))
    after = cpu_seconds(pid)
    return cold, seen, None if before is None or after is None else after - before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=130_000, help="scenario size (records)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--store", type=Path, help="reuse (or build once into) this store")
    parser.add_argument("--agency", default="UK-NCA")
    parser.add_argument(
        "--think", type=float, default=1.0,
        help="mean seconds a client waits between requests (exponential; 0: none)",
    )  # fmt: skip
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="cc-latency-"))
    db = args.store or workdir / "store.duckdb"
    if not db.exists():
        db.parent.mkdir(parents=True, exist_ok=True)
        print(f"building a store from a scenario of {args.size:,} records ...", flush=True)
        build_store(db, args.size, args.seed)
    toks = tokens(db, args.agency, args.clients)
    port = free_port()
    env = os.environ | {"CROSSCURRENT_DB": str(db)}
    server = subprocess.Popen(
        [str(BIN), "--db", str(db), "serve", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                httpx.get(f"{base}/openapi.json", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        load_before = os.getloadavg()[0]
        cold, seen, server_cpu = asyncio.run(
            measure(base, toks, args.seconds, args.think, server.pid)
        )
        load_after = os.getloadavg()[0]
    except httpx.HTTPError:
        server.terminate()
        sys.exit("the server failed:\n" + (server.communicate(timeout=30)[1] or "")[-3000:])
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"store: {db}  clients: {args.clients}  think: {args.think:.1f} s  "
          f"seconds: {args.seconds:.0f}  cold first read: {cold:.2f} s")  # fmt: skip
    floor = pct(seen.get("floor", []), 0.95)
    print(f"{'route':<10}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'p95/target':>12}"
          f"{'p95/floor':>11}")  # fmt: skip
    for route in ("search", "entity", "expand", "floor"):
        values = seen.get(route, [])
        p95 = pct(values, 0.95)
        median = statistics.median(values) if values else 0.0
        print(f"{route:<10}{len(values):>7}{median:>9.1f}{p95:>9.1f}{pct(values, 0.99):>9.1f}"
              f"{p95 / TARGET_MS:>12.2f}{p95 / floor:>11.2f}")  # fmt: skip
    total = sum(len(v) for v in seen.values())
    print(f"throughput: {total / args.seconds:.0f} requests/s (floor = /auth/me, no data read)")
    if server_cpu is not None and total:
        print(f"server CPU: {server_cpu:.1f} s in {args.seconds:.0f} s "
              f"({100 * server_cpu / args.seconds:.0f}% of one core of {os.cpu_count()}), "
              f"{1000 * server_cpu / total:.1f} ms per request")  # fmt: skip
    # The clients run on the same machine, and so may anything else: say how busy it was.
    print(f"load average (1 min) at start / end of the run: {load_before:.2f} / {load_after:.2f}")


if __name__ == "__main__":
    main()
