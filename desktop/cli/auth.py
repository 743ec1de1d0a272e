"""Signing in on the command line: ``--user`` with a prompt, or WUSHE_USER / WUSHE_PASSWORD."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services import signin
from desktop.storage.database import Database
from desktop.storage.opening import open_database


def ask_password(prompt: str, env: str = "WUSHE_PASSWORD", given: str | None = None) -> str:
    """``given`` (a flag), else the environment variable, else a prompt when a person is there."""
    if given is not None:
        return given
    if os.environ.get(env):
        return os.environ[env]
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    raise ValidationError(env, _("No password: set {env} or run the command in a terminal.").format(env=env))


def open_signed_in(args: argparse.Namespace) -> Database:
    """The database with the user of ``--user`` / WUSHE_USER signed in, once accounts exist."""
    db = open_database(args.db)
    if not signin.has_accounts(db):
        return db  # nothing is protected yet: set-up and demo run as the system
    username = args.user or os.environ.get("WUSHE_USER", "")
    if not username:
        raise ValidationError("--user", _("Sign in: give --user NAME (or set WUSHE_USER)."))
    signin.sign_in(db, username, ask_password(_("Password for {user}: ").format(user=username)))
    return db
