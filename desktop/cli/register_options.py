"""What the register commands share: a ``--community`` given by name, and ``list`` reading its rows and
printing them as JSON or a table."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from babel.lists import format_list
from sqlalchemy.orm import Session

from desktop.cli.auth import open_signed_in
from desktop.cli.output import print_json, print_table
from desktop.errors import ValidationError
from desktop.i18n import _, babel_locale
from desktop.services import communities
from desktop.services.communities import CommunityQuery

Query = TypeVar("Query")


def community_id(session: Session, name: str) -> str:
    """The id of the village or community named by ``--community``; "" when none was given."""
    name = name.strip()
    if not name:
        return ""
    found = [c.id for c in communities.list_all(session, CommunityQuery(text=name)) if c.name == name]
    if not found:
        raise ValidationError("community", _("There is no village or community named {name}.").format(name=name))
    return found[0]


def listed(items: Sequence[str]) -> str:
    return format_list(list(items), locale=babel_locale()) if items else ""


def list_rows(args: argparse.Namespace, list_all: Callable[[Session, Query], Sequence[Any]],
              query: Callable[[Session, argparse.Namespace], Query]) -> Sequence[Any]:
    """The rows a register's ``list`` selects with the filters given, read signed in."""
    db = open_signed_in(args)
    with db.read() as session:
        return list_all(session, query(session, args))


def print_rows(rows: Sequence[Any], as_json: bool, headers: Sequence[str],
               cells: Callable[[Any], Sequence[Any]]) -> int:
    if as_json:
        print_json(rows)
    else:
        print_table(headers, [cells(r) for r in rows])
    return 0
