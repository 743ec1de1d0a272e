"""Commands that set up and look after the node: init, demo, info, check, backup, restore, communities."""

from __future__ import annotations

import argparse
import dataclasses
import os
from pathlib import Path
from typing import Any

from desktop.cli.auth import ask_password, open_signed_in
from desktop.cli.register_options import community_id
from desktop.cli.output import print_json, print_pairs, print_table
from desktop.cli.recovery import announce_recovery
from desktop.cli.station_column import by_station
from desktop.domain.codes import COMMUNITY_SETTINGS, NODE_KINDS, label
from desktop.errors import ValidationError
from desktop.i18n import _, format_datetime, format_number
from desktop.domain.permissions import Role
from desktop.services import communities, demo, maintenance, station
from desktop.services.accounts import AccountInput
from desktop.services.backup_access import BackupAccess
from desktop.services.communities import CommunityInput, CommunityQuery, CommunityView
from desktop.storage.backup import list_backups
from desktop.storage.database import Database
from desktop.storage.opening import open_database

def register(commands: Any) -> None:
    p = commands.add_parser("init", help=_("set up this node: the station and its communities"))
    p.add_argument("--name", required=True, help=_("station name"))
    p.add_argument("--kind", required=True, choices=list(NODE_KINDS), help=_("kind of node"))
    p.add_argument("--division", required=True, help=_("administrative-division code (6, 9 or 12 digits)"))
    p.add_argument("--township", default="", help=_("township or street"))
    p.add_argument("--county", default="", help=_("county or district"))
    p.add_argument("--address", default="")
    p.add_argument("--phone", default="")
    p.add_argument("--community", action="append", default=[], metavar=_("NAME,urban|rural[,POPULATION]"),
                   help=_("a village or community served (repeatable)"))
    add_head_flags(p)
    p.set_defaults(handler=cmd_init, field_flags={**HEAD_FLAGS,
        "name": "--name", "kind": "--kind", "division_code": "--division", "township": "--township",
        "county": "--county", "address": "--address", "phone": "--phone"})

    p = commands.add_parser("demo", help=_("load realistic demo data (sets up a demo station if new)"))
    p.add_argument("--admin-password", help=_("password of the demo station head 'admin' and the demo users "
                                              "(prompted when not given)"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_demo)

    p = commands.add_parser("info", help=_("node, schema version and counts per table"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_info)

    p = commands.add_parser("check", help=_("integrity check and audit chain; exit 1 on any fault"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_check)

    p = commands.add_parser("backup", help=_("make a verified backup"))
    p.add_argument("--out", type=Path, help=_("write the backup to this file instead of the backups folder"))
    p.add_argument("--list", action="store_true", help=_("list the backups in the backups folder"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_backup)

    p = commands.add_parser("restore", help=_("replace the data with a backup (the current data is backed up first)"))
    p.add_argument("file", type=Path)
    p.add_argument("--backup-user", default=None,
                   help=_("an account in the backup (default: you; its password from WUSHE_BACKUP_PASSWORD, "
                          "else your own)"))
    p.add_argument("--recovery-code", default=None, help=_("the backup's recovery code instead of a password"))
    p.set_defaults(handler=cmd_restore, field_flags={"backup_access": "--backup-user / --recovery-code"})

    p = commands.add_parser("communities", help=_("villages and communities served"))
    p.add_argument("action", choices=["list", "set"], help=_("list: list them; set: change the one named NAME"))
    p.add_argument("community", nargs="?", default="", metavar="NAME", help=_("the village or community (set)"))
    p.add_argument("--search", default="", help=_("list: names containing this"))
    p.add_argument("--setting", choices=list(COMMUNITY_SETTINGS), default="",
                   help=_("list: only these; set: urban or rural"))
    p.add_argument("--deleted", action="store_true", help=_("include deleted ones"))
    p.add_argument("--station", default="", metavar=_("STATION"),
                   help=_("list: only those of this station (at a county: the station that first wrote them)"))
    p.add_argument("--rename", default=None, metavar=_("NEW NAME"), help=_("set: a new name"))
    p.add_argument("--population", default=None,
                   help=_("set: the resident population (\"\" when not known)"))
    p.add_argument("--division", default=None, help=_("set: the administrative-division code"))
    p.add_argument("--notes", default=None, help=_("set: notes"))
    p.add_argument("--volunteer-point", choices=["yes", "no"], default=None,
                   help=_("set: whether a volunteer service point (志愿服务站/点) is there"))
    p.add_argument("--point-note", default=None, help=_("set: where the volunteer service point is, who keeps it"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_communities, field_flags={
        "community": "NAME", "name": "--rename", "setting": "--setting", "population": "--population",
        "division_code": "--division", "notes": "--notes", "volunteer_point_note": "--point-note"})


def add_head_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--admin-password", help=_("password of the station head 'admin' (prompted when not given)"))
    p.add_argument("--admin-name", default="", help=_("the station head's name (default: 站长; at a county 县级管理员)"))
    p.add_argument("--admin-phone", default="", help=_("the station head's mobile number"))
    p.add_argument("--recovery-pdf", type=Path, help=_("also write the recovery-code sheet to this PDF"))


# The head's name when none is given: at a county the administrator of the county's node, as its role is called.
HEAD_NAMES = {"county": "县级管理员"}
HEAD_FLAGS = {"password": "--admin-password", "display_name": "--admin-name", "username": "--admin-password"}


def _open(args: argparse.Namespace) -> Database:
    return open_signed_in(args)


def _head(args: argparse.Namespace) -> AccountInput:
    password = ask_password(_("Password for the station head 'admin': "), given=args.admin_password)
    return AccountInput("admin", args.admin_name or HEAD_NAMES.get(args.kind, "站长"), Role.ADMIN, password,
                        args.admin_phone)


def _parse_community(text: str) -> CommunityInput:
    parts = [p.strip() for p in text.replace("，", ",").split(",")]
    if len(parts) not in (2, 3):
        raise ValidationError("--community", _("Write NAME,urban|rural or NAME,urban|rural,POPULATION."))
    return CommunityInput(parts[0], parts[1], parts[2] if len(parts) == 3 else None)


def _communities_from_flags(texts: list[str]) -> list[CommunityInput]:
    """Checked here so an error names the --community flag and the item, not a form field."""
    inputs, seen = [], set()
    for text in texts:
        item = _parse_community(text)
        try:
            item = item.validated()
        except ValidationError as exc:
            raise ValidationError("--community", f"{text}: {exc.message}") from exc
        if item.name in seen:
            raise ValidationError("--community", _("{name} is given twice.").format(name=item.name))
        seen.add(item.name)
        inputs.append(item)
    return inputs


def cmd_init(args: argparse.Namespace) -> int:
    inputs = _communities_from_flags(args.community)
    data = station.StationInput(args.name, args.kind, args.division, args.township, args.county,
                                args.address, args.phone)
    data.validated()  # report bad flags before the database file is made
    head = _head(args).validated()
    db = open_database(args.db)
    result = station.initialize(db, data, inputs, head)
    profile = result.profile
    print(_("Set up {name} ({kind}), node {node}.").format(
        name=profile.name, kind=label(NODE_KINDS, profile.kind), node=profile.node_id))
    print(_("Key fingerprint: {fp}").format(fp=profile.fingerprint))
    assert result.recovery_code
    announce_recovery(db, result.recovery_code, args.recovery_pdf)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    db = open_database(args.db)
    if station.is_initialized(db):
        db = open_signed_in(args)
    password = ask_password(_("Password for the demo station head 'admin': "), given=args.admin_password)
    added = demo.load_demo(db, password)
    if args.json:
        print_json(added)
    else:
        print(_("Demo data loaded: {communities} communities, {users} users, {orgs} organisations, {workers} social "
                "workers, {donors} donors, {volunteers} volunteers, {clients} clients, {cases} cases, "
                "{certificates} certificates and {projects} micro-venture projects added.").format(**added))
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    info = maintenance.node_info(_open(args))
    if args.json:
        data = dataclasses.asdict(info)
        data["counts"] = {c.table: {"rows": c.rows, "live": c.live} for c in info.counts}
        print_json(data)
        return 0
    print_pairs([
        (_("Database"), info.path),
        (_("Schema"), f"{info.schema_revision} / {info.schema_head}"),
        (_("Node"), info.node_id or _("(not set up)")),
        (_("Kind"), label(NODE_KINDS, info.kind) if info.kind else ""),
        (_("Name"), info.name),
        (_("Division code"), info.division_code),
        (_("Key fingerprint"), info.fingerprint),
    ])
    print()
    print_table([_("Table"), _("Rows"), _("Not deleted")],
                [(c.table, format_number(c.rows), format_number(c.live)) for c in info.counts])
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    report = maintenance.check(_open(args))
    if args.json:
        print_json({"ok": report.ok, "faults": report.faults, "audit_entries": report.audit_entries})
    elif report.ok:
        print(_("No faults found ({n} audit entries verified).").format(n=report.audit_entries))
    else:
        for fault in report.faults:
            print(fault)
    return 0 if report.ok else 1


def cmd_backup(args: argparse.Namespace) -> int:
    db = _open(args)
    if args.list:
        found = list_backups(args.db)
        if args.json:
            print_json([{"path": b.path, "created": b.created, "reason": b.reason, "size": b.size} for b in found])
        else:
            print_table([_("Made"), _("Reason"), _("Size"), _("File")],
                        [(format_datetime(b.created), b.reason, format_number(b.size), b.path) for b in found])
        return 0
    made = maintenance.backup(db, args.out)
    if args.json:
        print_json({"path": made})
    else:
        print(_("Backup written to {path}").format(path=made))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    db = _open(args)
    if args.recovery_code:
        access = BackupAccess(recovery_code=args.recovery_code)
    else:
        username = args.backup_user or db.principal.username
        # Restoring one's own backup: the password just used to sign in is the usual answer.
        known = os.environ.get("WUSHE_BACKUP_PASSWORD") or (None if args.backup_user else os.environ.get("WUSHE_PASSWORD"))
        prompt = _("Password for {user} in the backup: ").format(user=username)
        access = BackupAccess(username, ask_password(prompt, env="WUSHE_BACKUP_PASSWORD", given=known))
    safety = maintenance.restore(db, args.file.expanduser(), access)
    print(_("Restored from {file}. The data that was there is kept in {safety}.").format(
        file=args.file, safety=safety))
    return 0


def cmd_communities(args: argparse.Namespace) -> int:
    if args.action == "set":
        return _set_community(args)
    db = _open(args)
    query = CommunityQuery(text=args.search, setting=args.setting, include_deleted=args.deleted)
    with db.read() as session:
        # A county holds every station's villages: each is named with the station it counts for.
        rows, column = by_station(session, "community", communities.list_all(session, query), args.station)
    if args.json:
        print_json([{**dataclasses.asdict(r), **column.fields(r.id)} for r in rows])
        return 0
    print_table([*column.header(), _("Name"), _("Urban or rural"), _("Resident population"), _("Division code"),
                 _("Volunteer service point")],
                [column.cell(r.id) + (
                    r.name + (_(" (deleted)") if r.deleted else ""), label(COMMUNITY_SETTINGS, r.setting),
                    format_number(r.population) if r.population is not None else "", r.division_code,
                    _point(r)) for r in rows])
    return 0


def _set_community(args: argparse.Namespace) -> int:
    """Change what the flags give of the community named, keeping the rest as it is (the form's checks)."""
    if not args.community.strip():
        raise ValidationError("community", _("Name the village or community to change."))
    db = _open(args)
    with db.write() as session:
        current = communities.get(session, community_id(session, args.community))
        given = {"name": args.rename, "setting": args.setting or None, "population": args.population,
                 "division_code": args.division, "notes": args.notes,
                 "volunteer_point": None if args.volunteer_point is None else args.volunteer_point == "yes",
                 "volunteer_point_note": args.point_note}
        data = dataclasses.replace(current.as_input(), **{k: v for k, v in given.items() if v is not None})
        if args.point_note and not data.volunteer_point:
            raise ValidationError("volunteer_point_note", _("A note is for a volunteer service point: add "
                                                            "--volunteer-point yes."))
        row = communities.update(session, current.id, data)
    if args.json:
        print_json(row)
        return 0
    print(_("{name} saved.").format(name=row.name))
    print_pairs([(_("Urban or rural"), label(COMMUNITY_SETTINGS, row.setting)),
                 (_("Resident population"), format_number(row.population) if row.population is not None else ""),
                 (_("Division code"), row.division_code), (_("Volunteer service point"), _point(row) or _("no"))])
    return 0


def _point(row: CommunityView) -> str:
    """Whether the community has a volunteer service point, and where, as the list shows it."""
    if not row.volunteer_point:
        return ""
    return _("yes, {note}").format(note=row.volunteer_point_note) if row.volunteer_point_note else _("yes")
