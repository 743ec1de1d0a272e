"""Trusting another node from its key file: the fingerprint is shown, and the person compares it with
what someone at that node reads out (or types what they read) before the node is added. A node trusted
already with the same keys is only said to be; one trusted with other keys (set up again, or someone
pretending to be it) is replaced only after a confirmation naming both fingerprints."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QMessageBox, QWidget

from desktop.domain.codes import NODE_KINDS, label
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.sync import peers
from desktop.sync.peer_keys import KeyFileError, PeerKey, fingerprint, fingerprint_matches, read_key_file
from desktop.ui.context import AppContext
from desktop.ui.sync import TOPIC
from desktop.ui.form_dialog import FormDialog
from desktop.ui.tasks import Job, Progress, show_error


class AddPeerDialog(FormDialog):
    def __init__(self, ctx: AppContext, key: PeerKey, parent: QWidget | None = None, *,
                 replace_key: bool = False) -> None:
        super().__init__(ctx, title=_("Add a trusted peer"), ok_text=_("Trust this node"), parent=parent,
                         intro=_("Bundles from this node will be imported here. Ask someone at {name} to read out "
                                 "the key fingerprint on their Data exchange page, and compare it with the one below; "
                                 "or type what they read.").format(name=key.name))
        self.key, self.replace_key = key, replace_key
        self.fingerprint = QLabel(fingerprint(key.signing_public))
        self.fingerprint.setWordWrap(True)
        font = self.fingerprint.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.fingerprint.setFont(font)
        self.typed = QLineEdit()
        self.typed.setPlaceholderText(_("The fingerprint they read out (all of it, or its first 32 characters)"))
        self.compared = QCheckBox(_("I compared the fingerprints: they are the same"))
        form = self.form
        form.add_row("name", _("Node"), QLabel(_("{name} ({kind})").format(name=key.name,
                                                                            kind=label(NODE_KINDS, key.kind))))
        form.add_row("shown", _("Key fingerprint"), self.fingerprint)
        form.add_row("fingerprint", _("Fingerprint read out"), self.typed)
        form.add_row("compared", "", self.compared)
        form.watch("compared", self.compared.toggled)
        self.update_button()

    def checked(self) -> PeerKey:
        typed = self.typed.text().strip()
        if typed:
            if not fingerprint_matches(self.key.signing_public, typed):
                raise ValidationError("fingerprint", _("This is not the fingerprint of the key in the file: do not "
                                                       "add it before checking with the other node."))
        elif not self.compared.isChecked():
            raise ValidationError("compared", _("Compare the fingerprints first, or type the one read out."))
        return self.key

    def job(self, values: PeerKey) -> Job:
        def run(_progress: Progress) -> peers.PeerView:
            return self._ctx.gateway.write(peers.add_peer, values, replace_key=self.replace_key)
        return run


def add_peer_from_file(ctx: AppContext, path: Path, parent: QWidget) -> peers.PeerView | None:
    """Read the key file, let the person check its fingerprint, trust the node; the new peer, or None."""
    try:
        key = read_key_file(path)
    except KeyFileError as exc:  # also a file that cannot be read, said in our words
        show_error(parent, exc)
        return None
    if ctx.gateway.read(peers.already_trusted, key):
        ctx.events.tell(_("{name} ({kind}) is already a trusted peer with this key.").format(
            name=key.name, kind=label(NODE_KINDS, key.kind)))
        return None
    old = ctx.gateway.read(peers.trusted_fingerprint, key.node_id)
    if old is not None and not _replace_confirmed(parent, peers.KeyChanged(key.name, old,
                                                                           fingerprint(key.signing_public))):
        return None
    dialog = AddPeerDialog(ctx, key, parent, replace_key=old is not None)
    if not dialog.exec() or dialog.outcome is None:
        return None
    view: peers.PeerView = dialog.outcome
    ctx.events.publish(TOPIC)
    ctx.events.tell(_("{name} ({kind}) is now a trusted peer.").format(name=view.name, kind=view.kind_label))
    return view


def _replace_confirmed(parent: QWidget, changed: peers.KeyChanged) -> bool:
    answer = QMessageBox.question(
        parent, _("Replace the trusted key?"),
        changed.message + "\n\n" + _("Replace it? The fingerprint is compared in the next step."),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes

