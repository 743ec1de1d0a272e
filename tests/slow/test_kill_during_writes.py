"""Power cuts in the middle of writing (rural stations): kill a writing process at random moments;
the file must stay sound, the audit chain intact, and every unit of work all there or not at all."""

import random
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from desktop.services import maintenance, signin
from desktop.storage.opening import open_database
from wushe_testing import DEMO_PASSWORD, build_demo

pytestmark = pytest.mark.slow

TRIALS = 40
WRITER = """
import sys
from pathlib import Path
from desktop.services import communities, signin
from desktop.services.communities import CommunityInput
from desktop.storage.opening import open_database

db = open_database(Path(sys.argv[1]))
signin.sign_in(db, "admin", sys.argv[2])
n = 0
while True:
    n += 1
    if n == 2:
        print("ready", flush=True)  # after one whole unit, so the kills land among writes, not imports
    with db.write() as session:  # one unit: a community and its tombstone, never one without the other
        row = communities.add(session, CommunityInput(f"断电测试村{sys.argv[3]}-{n}", "rural", n))
        communities.delete(session, row.id)
"""


def test_killed_writers_leave_whole_units_and_a_sound_file(tmp_path: Path) -> None:
    path = build_demo(tmp_path / "wushe.db").path
    rng = random.Random(20261122)
    for trial in range(TRIALS):
        child = subprocess.Popen([sys.executable, "-c", WRITER, str(path), DEMO_PASSWORD, str(trial)],
                                 stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.4))
        child.send_signal(signal.SIGKILL)
        child.wait()
        with closing(sqlite3.connect(path)) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            # every test community was added and tombstoned in one unit: no live one may remain
            live = conn.execute("SELECT count(*) FROM community WHERE name LIKE '断电测试村%' "
                                "AND deleted_at IS NULL").fetchone()
            assert live == (0,), f"trial {trial}: half a unit of work survived"
    with closing(sqlite3.connect(path)) as conn:
        written = conn.execute("SELECT count(*) FROM community WHERE name LIKE '断电测试村%'").fetchone()[0]
    print(f"{written} test communities written across {TRIALS} killed writers")
    assert written > TRIALS  # the kills really landed in the middle of a stream of writes
    db = open_database(path)
    signin.sign_in(db, "admin", DEMO_PASSWORD)
    report = maintenance.check(db)
    assert report.ok, report.faults
    db.close()
