"""A power cut while a bundle is imported: kill the importing process at random moments; the file must
stay sound with its audit chain, and the bundle must be wholly merged or not at all."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from desktop.domain.permissions import Role
from desktop.services import maintenance, signin
from desktop.services.accounts import AccountInput
from desktop.services.station import StationInput, initialize
from desktop.storage.opening import open_database
from desktop.sync import exchange, peers
from wushe_testing import DEMO_PASSWORD, build_demo

pytestmark = pytest.mark.slow

TRIALS = int(os.environ.get("WUSHE_SYNC_KILL_TRIALS", "30"))  # a few hundred for a release
IMPORTER = """
import sys
from pathlib import Path
from desktop.services import signin
from desktop.storage.opening import open_database
from desktop.sync import exchange

db = open_database(Path(sys.argv[1]))
signin.sign_in(db, "admin", sys.argv[2])
print("ready", flush=True)
exchange.import_file(db, Path(sys.argv[3]))
print("done", flush=True)
"""


def counts(path: Path, bundle_id: str) -> tuple[int, int, int]:
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return (conn.execute("SELECT count(*) FROM sync_bundle WHERE bundle_id = ?", (bundle_id,)).fetchone()[0],
                conn.execute("SELECT count(*) FROM change_log").fetchone()[0],
                conn.execute("SELECT count(*) FROM audit_log WHERE action = 'sync.merge'").fetchone()[0])


def test_a_killed_import_is_all_or_nothing(tmp_path: Path) -> None:
    station = open_database(build_demo(tmp_path / "station" / "wushe.db").path)
    signin.sign_in(station, "admin", DEMO_PASSWORD)
    county = open_database(tmp_path / "county" / "wushe.db")
    initialize(county, StationInput("清河县民政局", "county", "510104"),
               head=AccountInput("admin", "科长", Role.ADMIN, DEMO_PASSWORD))
    for one, other in ((station, county), (county, station)):
        with other.read() as session:
            key = peers.my_key(session)
        with one.write() as session:
            peers.add_peer(session, key)
    bundle = exchange.export_to_peer(station, "清河县民政局", tmp_path / "bundle.wsb")
    assert county.path is not None
    county.close()
    template = tmp_path / "county-template.db"
    shutil.copy(county.path, template)
    _none, logged_before, merged_before = counts(template, bundle.bundle_id)

    # How long a whole import takes here, so the kills fall across all of it.
    started = time.monotonic()
    target = tmp_path / "trial" / "wushe.db"
    target.parent.mkdir()
    shutil.copy(template, target)
    subprocess.run([sys.executable, "-c", IMPORTER, str(target), DEMO_PASSWORD, str(bundle.path)], check=True,
                   capture_output=True)
    whole = counts(target, bundle.bundle_id)
    assert whole[0] == 1 and whole[2] - merged_before == bundle.rows
    span = time.monotonic() - started

    rng = random.Random(20261202)
    outcomes = {"applied": 0, "not applied": 0}
    for trial in range(TRIALS):
        for stale in target.parent.iterdir():
            stale.unlink()
        shutil.copy(template, target)
        child = subprocess.Popen([sys.executable, "-c", IMPORTER, str(target), DEMO_PASSWORD, str(bundle.path)],
                                 stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, span))
        child.send_signal(signal.SIGKILL)
        child.wait()
        found = counts(target, bundle.bundle_id)
        if found[0]:
            assert found == whole, f"trial {trial}: a part of the bundle is missing"
            outcomes["applied"] += 1
        else:
            assert found == (0, logged_before, merged_before), f"trial {trial}: a part of the bundle was merged"
            outcomes["not applied"] += 1
    print(f"{TRIALS} killed imports: {outcomes}")
    db = open_database(target)
    signin.sign_in(db, "admin", DEMO_PASSWORD)
    report = maintenance.check(db)
    assert report.ok, report.faults
    db.close()
    station.close()
