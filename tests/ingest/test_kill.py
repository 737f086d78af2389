"""A load killed halfway leaves the store exactly as it was before the load."""

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import duckdb

from crosscurrent.store import db
from factory import PERSON_MAPPING, e, facts, load, people_csv, snapshot, write_jsonl, write_text

ROWS = 200_000
SIGNAL_AT = 40_000
"""Rows read before the child reports; with batches of 20,000 statements (three per
row) it has inserted several batches inside its transaction by then."""

CHILD = f"""
import sys
from pathlib import Path
from crosscurrent.ingest.loader import ingest_file
from crosscurrent.model.markings import Marking
from crosscurrent.store import db

store, csv, mapping = map(Path, sys.argv[1:])
con = db.connect(store)
lines = 0

def progress(_size):
    global lines
    lines += 1
    if lines == {SIGNAL_AT}:
        # Same connection, so this sees the transaction's own uncommitted rows.
        count = con.execute("SELECT count(*) FROM statement").fetchall()[0][0]
        print("inserted", count, flush=True)

ingest_file(con, csv, "big", Marking("UK-NCA", ("UK-NCA",)), mapping, progress)
print("finished", flush=True)
"""


def big_csv(path: Path) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        fh.write("id,name,dob,phone\n")
        for n in range(ROWS):
            fh.write(f"p{n},Person {n},{1 + n % 28:02d}/{1 + n % 12:02d}/19{50 + n % 50},\n")
    return path


def test_killed_load_leaves_the_store_as_it_was(
    con: duckdb.DuckDBPyConnection, store_path: Path, src: Path
) -> None:
    # Data from before: another dataset with a quarantined row, and an earlier
    # version of the big dataset whose statements the killed load would touch.
    write_jsonl(
        src / "nca.jsonl", [e("Person", "n1", name="Anna Rossi"), e("Person", "n2", birthDate="x")]
    )
    load(con, src / "nca.jsonl", "nca")
    mapping = write_text(src / "people.yml", PERSON_MAPPING)
    first, _ = people_csv(src, [["p1", "Person 1", "02/02/1951", ""], ["p2", "Old Name", "", ""]])
    load(con, first, "big", mapping=mapping)
    before = snapshot(con)
    con.close()  # DuckDB lets one process at a time write the file

    path = big_csv(src / "big.csv")
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(store_path), str(path), str(mapping)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "CROSSCURRENT_BATCH_SIZE": "20000"},
    )
    watchdog = threading.Timer(120, child.kill)  # never hang the suite
    watchdog.start()
    try:
        line = child.stdout.readline() if child.stdout else ""
        assert line.startswith("inserted "), child.communicate()[1]
        assert int(line.split()[1]) > 100_000  # several batches are in the transaction
        child.send_signal(signal.SIGKILL)
        out, _err = child.communicate()
    finally:
        watchdog.cancel()
    assert child.returncode == -signal.SIGKILL
    assert "finished" not in out

    con = db.connect(store_path)
    assert snapshot(con) == before
    # The store is still usable, and the killed file is not recorded as loaded.
    again = people_csv(src, [["p3", "Lena Berg", "", ""]], "after.csv")[0]
    assert load(con, again, "big", mapping=mapping).statements_new == 2
    assert ("p3", "name", "Lena Berg") in facts(con, "big")
    con.close()
