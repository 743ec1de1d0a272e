"""The ``wushe`` command line run in this process, signed in through the environment as a script would be:
what the end-to-end CLI tests share (the station file itself comes from the ``demo_file`` fixture)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from desktop.cli.main import main
from wushe_testing import DEMO_PASSWORD


def sign_in_env(monkeypatch: pytest.MonkeyPatch, user: str) -> None:
    """The next commands sign in as the demo user ``user`` (WUSHE_USER / WUSHE_PASSWORD) and speak English."""
    for name, value in (("WUSHE_LOCALE", "en"), ("WUSHE_USER", user), ("WUSHE_PASSWORD", DEMO_PASSWORD)):
        monkeypatch.setenv(name, value)


def wushe(capsys: pytest.CaptureFixture[str], db: Path, *args: str, expect: int = 0, refusal: bool = True) -> str:
    """``wushe --db DB ARGS`` in this process, which must exit with ``expect``; what it printed (stdout, then
    stderr). A refusal (exit 2) prints nothing on stdout and one line, no traceback, on stderr; ``refusal``
    False is for a command whose exit 2 is its answer (``verify-cert``'s "not valid", printed)."""
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    assert code == expect, (out, err)
    if expect == 2 and refusal:
        assert not out and len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    return out + err


def as_json(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> Any:
    return json.loads(wushe(capsys, db, *args, "--json"))


def usage_error(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> str:
    """argparse refuses ``args`` (exit 2) before any work; what it printed on stderr."""
    with pytest.raises(SystemExit) as exit_:
        main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    assert exit_.value.code == 2 and not out
    return err
