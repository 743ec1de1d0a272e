"""What an import did, in a person's words: the lines `wushe sync import` prints and 数据同步 shows."""

from __future__ import annotations

from desktop.i18n import _, format_number, ngettext
from desktop.services.late_decisions import late_text
from desktop.sync.audit_chains import import_notes
from desktop.sync.clock_skew import clock_warning
from desktop.sync.exchange import ImportResult
from desktop.sync.peers import ACK


def imported_lines(done: ImportResult) -> list[str]:
    """The outcome, then what needs a person's eye: bundles still missing, a broken chain, a clock ahead,
    sensitive fields filled in, audit entries, committee decisions recorded after the member left; not the acknowledgement written (each caller says where)."""
    if done.kind == ACK:
        lines = [_("Acknowledgement from {peer} imported.").format(peer=done.sender_name)]
    else:
        lines = [_("Bundle {sequence} from {peer} imported: {inserted} added, {updated} updated, {unchanged} already "
                   "here, {older} older than ours, {conflicts} conflicts.").format(
            sequence=done.sequence, peer=done.sender_name, inserted=format_number(done.inserted),
            updated=format_number(done.updated), unchanged=format_number(done.unchanged),
            older=format_number(done.older), conflicts=format_number(done.conflicts))]
    if done.missing_sequences:
        lines.append(_("Bundles not received yet from {peer}: {numbers}.").format(
            peer=done.sender_name, numbers=", ".join(format_number(n) for n in done.missing_sequences)))
    if done.sequence_reused:
        lines.append(_("Bundle {sequence} from {peer} was already received with different content: the sender may "
                       "have restored a backup. Both are kept on record.").format(sequence=done.sequence,
                                                                                  peer=done.sender_name))
    if done.follows_earlier:
        lines.append(_("Bundle {sequence} from {peer} follows its bundle {earlier}, not the one numbered before it: "
                       "the sender may have restored a backup.").format(
            sequence=done.sequence, peer=done.sender_name, earlier=done.follows_earlier))
    if done.peer_restored:
        lines.append(restored_peer(done.sender_name))
    if done.chain_broken:
        lines.append(_("This bundle does not follow the previous one received from {peer}.").format(
            peer=done.sender_name))
    if done.skewed:
        lines.append(clock_warning(done.clock_ahead_here, done.clock_ahead_name, done.skew_ms))
    if done.filled:
        lines.append(_("{filled} records here got the sensitive fields an earlier bundle left out.").format(
            filled=format_number(done.filled)))
    if done.refused:
        lines.append(ngettext("{refused} change was not applied: it changed a record only its owner may change (a "
                              "round or policy profile of the county office, say).",
                              "{refused} changes were not applied: they changed records only their owner may change "
                              "(a round or policy profile of the county office, say).", done.refused).format(
            refused=format_number(done.refused)))
    return lines + import_notes(done.audit_entries, done.audit_unlinked) + [late_text(found) for found in done.late]


def restored_peer(name: str) -> str:
    """Said when a peer's bundle shows it restored a backup, and in the status until our next bundle to it."""
    return _("{peer} has restored a backup and lost some of what this node sent it: the next bundle to it will carry "
             "that again.").format(peer=name)
