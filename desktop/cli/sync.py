"""Sync on the command line: ``wushe sync key|peer|status|export|import|prune|conflicts``."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from typing import Any

from desktop.cli.auth import open_signed_in
from desktop.cli.output import print_json, print_pairs, print_table
from desktop.domain.codes import label
from desktop.errors import ValidationError
from desktop.i18n import _, format_datetime, format_number
from desktop.sync import conflicts, exchange, peers, pruning
from desktop.sync.merge import SKEW_LIMIT_MS
from desktop.sync.bundle_manifest import peek_sender
from desktop.sync.import_text import imported_lines, restored_peer
from desktop.sync.conflict_text import ConflictText, Written, conflict_text, node_labels, resolution_text, \
    resolved_text, sides, written
from desktop.sync.station_view import at_county, station_view
from desktop.sync.peer_keys import fingerprint, read_key_file, write_key_file
from desktop.sync.nothing_new import nothing_new_text, nothing_to_send
from desktop.sync.unreadable import check_readable


ALL = "all"


def register(commands: Any) -> None:
    p = commands.add_parser("sync", help=_("exchange signed bundle files with other nodes"))
    sub = p.add_subparsers(dest="action", required=True)

    q = sub.add_parser("key", help=_("write this node's public-key file, for its peers to add"))
    q.add_argument("--out", type=Path, required=True, help=_("the key file to write"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_key)

    q = sub.add_parser("peer", help=_("the nodes this node trusts"))
    peer = q.add_subparsers(dest="peer_action", required=True)
    r = peer.add_parser("add", help=_("trust a node, from its public-key file or a bundle it sent"))
    r.add_argument("file", type=Path, nargs="?")
    r.add_argument("--from-bundle", type=Path, metavar=_("FILE"),
                   help=_("take the node's keys from a bundle it sent; --fingerprint is then required"))
    r.add_argument("--fingerprint", metavar=_("FINGERPRINT"),
                   help=_("the fingerprint the other node read out to you: the file must have that key"))
    r.add_argument("--replace-key", action="store_true",
                   help=_("the node is trusted with another key (it was set up again): replace that key"))
    r.add_argument("--json", action="store_true")
    r.set_defaults(handler=cmd_peer_add, field_flags={"file": "FILE", "fingerprint": "--fingerprint",
                                                      "from_bundle": "--from-bundle"})
    r = peer.add_parser("list", help=_("the trusted nodes and their key fingerprints"))
    r.add_argument("--json", action="store_true")
    r.set_defaults(handler=cmd_peer_list)

    q = sub.add_parser("status", help=_("this node and, per peer, bundles sent and received, gaps and conflicts"))
    q.add_argument("--station", metavar=_("PEER"),
                   help=_("one station instead: the records it sent, per register, and how its bundles stand"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_status)

    q = sub.add_parser("export", help=_("write a bundle of what a peer does not have yet"))
    q.add_argument("--to", required=True, metavar=_("PEER"),
                   help=_("the peer: its name or node id; {all} for every peer").format(all=ALL))
    q.add_argument("--out", type=Path, required=True, help=_("the bundle file to write (with --to {all}: a folder, "
                                                             "one file per peer)").format(all=ALL))
    q.add_argument("--full", action="store_true", help=_("every record, not only what the peer has not acknowledged"))
    q.add_argument("--plain", action="store_true",
                   help=_("do not encrypt the bundle; sensitive fields are then left out"))
    q.add_argument("--include-sensitive", action="store_true",
                   help=_("with --plain: put the sensitive fields in the unencrypted bundle all the same"))
    q.add_argument("--force", action="store_true", help=_("replace a bundle file that already exists"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_export, field_flags={"sensitive": "--include-sensitive"})

    q = sub.add_parser("import", help=_("verify a bundle from a peer and merge it"))
    q.add_argument("file", type=Path)
    q.add_argument("--ack-out", type=Path, help=_("also write an acknowledgement bundle for the sender here"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_import)

    q = sub.add_parser("prune", help=_("drop the change-log entries every peer has acknowledged, but for the last "
                                       "{days} days").format(days=pruning.KEEP_DAYS))
    q.add_argument("--dry-run", action="store_true", help=_("only count what would be dropped"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_prune)

    q = sub.add_parser("conflicts", help=_("versions that lost to a concurrent edit, for a person to decide"))
    action = q.add_subparsers(dest="conflict_action", required=True)
    r = action.add_parser("list", help=_("the conflicts not yet resolved"))
    r.add_argument("--all", action="store_true", help=_("include resolved ones"))
    r.add_argument("--json", action="store_true")
    r.set_defaults(handler=cmd_conflicts_list)
    r = action.add_parser("show", help=_("the two versions side by side"))
    r.add_argument("id")
    r.add_argument("--json", action="store_true")
    r.set_defaults(handler=cmd_conflicts_show)
    r = action.add_parser("resolve", help=_("keep the current version, or take the other one as a new edit"))
    r.add_argument("id")
    choice = r.add_mutually_exclusive_group(required=True)
    choice.add_argument("--keep", dest="choice", action="store_const", const=conflicts.KEEP)
    choice.add_argument("--take-other", dest="choice", action="store_const", const=conflicts.TAKE_OTHER)
    r.add_argument("--json", action="store_true")
    r.set_defaults(handler=cmd_conflicts_resolve)


def cmd_key(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.read() as session:
        key = peers.my_key(session)
    write_key_file(args.out, key)
    if args.json:
        print_json({"node_id": key.node_id, "name": key.name, "kind": key.kind,
                    "fingerprint": fingerprint(key.signing_public), "path": args.out})
    else:
        print(_("Public-key file of {name} written to {path}.").format(name=key.name, path=args.out))
        print(_("Key fingerprint: {fp}").format(fp=fingerprint(key.signing_public)))
    return 0


def cmd_peer_add(args: argparse.Namespace) -> int:
    if (args.file is None) == (args.from_bundle is None):
        raise ValidationError("file", _("Give the node's public-key file or --from-bundle: one of the two."))
    if args.from_bundle is not None:
        if not args.fingerprint:  # a bundle's keys are the sender's own word: only a read-out fingerprint vouches
            raise ValidationError("fingerprint", _("Type the fingerprint the other node read out to you."))
        check_readable(args.from_bundle)
        key = peek_sender(args.from_bundle)
    else:
        key = read_key_file(args.file)
    db = open_signed_in(args)
    with db.write() as session:
        known = peers.already_trusted(session, key)
        try:
            view = peers.add_peer(session, key, replace_key=args.replace_key) if args.fingerprint is None else \
                peers.add_peer_by_fingerprint(session, key, args.fingerprint, replace_key=args.replace_key)
        except peers.KeyChanged as exc:
            raise ValidationError("replace_key", exc.message + " " + _(
                "To replace it, add the file again with --replace-key.")) from exc
    if args.json:
        print_json(view)
    elif known:
        print(_("{name} ({kind}) is already a trusted peer with this key.").format(name=view.name,
                                                                                   kind=view.kind_label))
    else:
        print(_("{name} ({kind}) is now a trusted peer.").format(name=view.name, kind=view.kind_label))
        print(_("Key fingerprint: {fp}").format(fp=view.fingerprint))
    return 0


def cmd_peer_list(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.read() as session:
        found = peers.list_peers(session)
    if args.json:
        print_json([{"id": p.node_id, "name": p.name, "kind": p.kind, "fingerprint": p.fingerprint} for p in found])
        return 0
    print_table([_("Name"), _("Kind"), _("Node"), _("Fingerprint")],
                [(p.name, p.kind_label, p.node_id, p.fingerprint) for p in found])
    return 0


def _when(value: Any) -> str:
    return format_datetime(value) if value is not None else "—"


def cmd_status(args: argparse.Namespace) -> int:
    if args.station:
        return _station_status(args)
    db = open_signed_in(args)
    with db.read() as session:
        state = peers.status(session)
        state = peers.with_waiting(state, peers.waiting_counts(session))
    if args.json:
        print_json(state)
        return 0
    print_pairs([(_("Node"), peers.peer_label(state.name, state.kind)), (_("Key fingerprint"), state.fingerprint),
                 (_("Node id"), state.node_id), (_("Open conflicts"), format_number(state.open_conflicts))])
    print()
    print_table([_("Peer"), _("Bundles sent"), _("Last sent"), _("Bundles received"), _("Last received"),
                 _("Missing bundles"), _("Not acknowledged"), _("Conflicts"), _("Clock ahead")],
                [(peers.peer_label(p.name, p.kind), format_number(p.bundles_sent), _when(p.last_sent_at),
                  format_number(p.bundles_received),
                  _when(p.last_received_at), ", ".join(str(n) for n in p.missing_sequences) or "—",
                  format_number(p.unacked_changes), format_number(p.open_conflicts),
                  _("{hours} h").format(hours=format_number(p.clock_ahead_ms // 3_600_000))
                  if p.clock_ahead_ms > SKEW_LIMIT_MS else "—") for p in state.peers])
    for restored in (p for p in state.peers if p.resend_pending):
        print(restored_peer(restored.name))
    return 0


def _station_status(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.read() as session:
        if not at_county(session):  # a station holds no other station's records: its counts would all be 0
            raise ValidationError("--station", _("Only a county office holds stations' records; here run "
                                                 "wushe sync status without --station."))
        view = station_view(session, args.station)
        view = replace(view, peer=peers.counted(view.peer, peers.waiting_counts(session, [view.peer.node_id])))
    if args.json:
        print_json(view)
        return 0
    peer = view.peer
    print_pairs([(_("Station"), f"{peer.name} ({peer.kind_label})"),
                 (_("Last bundle received"), _("{when}, {rows} records").format(
                     when=_when(view.last_bundle_at), rows=format_number(view.last_bundle_rows))
                  if view.last_bundle_at else "—"),
                 (_("Bundles received"), format_number(view.data_bundles)),
                 (_("Last bundle number"), format_number(view.last_sequence) if view.last_sequence else "—"),
                 (_("Missing bundles"), ", ".join(str(n) for n in peer.missing_sequences) or "—"),
                 (_("Not acknowledged"), format_number(peer.unacked_changes)),
                 (_("Open conflicts"), format_number(peer.open_conflicts))])
    print()
    print_table([_("Register"), _("Records")], [(r.label, format_number(r.count)) for r in view.registers])
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    sensitive = "encrypted" if not args.plain else ("included" if args.include_sensitive else "left_out")
    db = open_signed_in(args)
    with db.read() as session:
        found = peers.list_peers(session) if args.to == ALL else [peers.find_peer(session, args.to)]
        # The county office sends down to every station at once, a file each.
        targets = {p.node_id: args.out / f"{p.name}-{p.node_id[:8]}.wsb" if args.to == ALL else args.out
                   for p in found}
        # --full writes a bundle all the same (``nothing_new``).
        quiet = {p.node_id: p.name for p in found if not args.full and nothing_to_send(session, p.node_id)}
    existing = [str(path) for node_id, path in targets.items() if node_id not in quiet and path.exists()]
    if existing and not args.force:
        raise ValidationError("--out", _("{files} already exists; give --force to replace it.").format(
            files=_(", ").join(existing)))
    if args.to == ALL:
        args.out.mkdir(parents=True, exist_ok=True)
    done = [exchange.export_to_peer(db, node_id, path, full=args.full, sensitive=sensitive)
            for node_id, path in targets.items() if node_id not in quiet]
    if args.json:
        if args.to == ALL or done:
            print_json(done if args.to == ALL else done[0])
        else:
            (node_id, name), = quiet.items()
            print_json({"peer_id": node_id, "peer_name": name, "written": False})
        return 0
    for name in quiet.values():
        print(nothing_new_text(name))
    if not done:
        return 0
    for bundle in done:
        print(_("Bundle {sequence} for {peer} written to {path}: {rows} records, {files} files.").format(
            sequence=bundle.sequence, peer=bundle.peer_name, path=bundle.path, rows=format_number(bundle.rows),
            files=format_number(bundle.attachments)))
    if sensitive == "left_out":
        print(_("The bundle is not encrypted; sensitive fields were left out."))
    elif sensitive == "included":
        print(_("The bundle is not encrypted and holds sensitive fields: carry it with care."))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    check_readable(args.file)  # the system's reason would be English text inside a Chinese line
    db = open_signed_in(args)
    done = exchange.import_file(db, args.file, ack_out=args.ack_out)
    if args.json:
        print_json(done)
        return 0
    for line in imported_lines(done):
        print(line)
    if done.ack is not None:
        print(_("Acknowledgement for {peer} written to {path}.").format(peer=done.sender_name, path=done.ack.path))
    return 0


def cmd_prune(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.write() as session:
        done = pruning.prune(session, dry_run=args.dry_run)
    if args.json:
        print_json(done)
    elif args.dry_run:
        print(_("{entries} change-log entries would be dropped; {remaining} would remain.").format(
            entries=format_number(done.entries), remaining=format_number(done.remaining)))
    else:
        print(_("{entries} change-log entries dropped; {remaining} remain.").format(
            entries=format_number(done.entries), remaining=format_number(done.remaining)))
    return 0


def cmd_conflicts_list(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.read() as session:
        found = conflicts.list_conflicts(session, include_resolved=args.all)
        names = node_labels(session)
        described = [conflict_text(session, view, names) for view in found]
    if args.json:
        print_json(found)
        return 0
    if not found:
        print(_("No conflicts: every concurrent edit merged cleanly.") if args.all else _("No conflicts to resolve."))
        return 0
    print_table([_("Conflict"), _("Detected"), _("Register"), _("Record"), _("Current version from"),
                 _("Other version from"), _("Fields that differ"), _("Resolved")],
                [(c.view.id[:8], _when(c.view.detected_at), c.table, c.record, c.current_from, c.other_from,
                  _(", ").join(f.label for f in c.fields), _resolution(c.view)) for c in described])
    return 0


def _resolution(view: conflicts.ConflictView) -> str:
    return label(conflicts.RESOLUTIONS, view.resolution) if view.resolution else "—"


def _print_conflict(args: argparse.Namespace, text: ConflictText, versions: tuple[Written, Written],
                    resolved: str) -> int:
    """One conflict, after ``show`` or ``resolve``: its view as JSON with --json, else in a person's words (once
    resolved, the versions as kept and set aside then, and ``resolved``: how, when and by whom)."""
    view = text.view
    if args.json:
        print_json(view)
        return 0
    current, other = ((_when(v.at.astimezone()) if v.at else "—", v.by) for v in versions)  # local time
    first, second = sides(view)
    print_pairs([(_("Conflict"), view.id), (_("Register"), text.table), (_("Record"), text.record),
                 (_(first.came_from), text.current_from), (_(second.came_from), text.other_from),
                 (_(first.written), _("{when} by {who}").format(when=current[0], who=current[1])),
                 (_(second.written), _("{when} by {who}").format(when=other[0], who=other[1])),
                 (_("Detected"), _when(view.detected_at)), (_("Resolved"), resolved or "—")])
    print()
    print_table([_("Field"), _(first.version), _(second.version)], [(f.label, f.current, f.other) for f in text.fields])
    return 0


def cmd_conflicts_show(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.read() as session:
        text = conflict_text(session, conflicts.get_conflict(session, args.id))
        versions, resolved = written(session, text.view), resolved_text(session, text.view, _when)
    return _print_conflict(args, text, versions, resolved)


def cmd_conflicts_resolve(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.write() as session:
        before = conflict_text(session, conflicts.get_conflict(session, args.id))
        text = conflict_text(session, conflicts.resolve(session, args.id, args.choice))
        versions, resolved = written(session, text.view), resolved_text(session, text.view, _when)
    if not args.json:
        print(resolution_text(before, args.choice))
        print()
    return _print_conflict(args, text, versions, resolved)
