"""Export to a peer: which peer (or every peer, a file each, as a county office sends down), everything
or only what it has not acknowledged, how sensitive fields travel, and where. The dialog only chooses:
the page writes the bundles on the worker, with progress and Cancel (``ExchangeTab.export``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QComboBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QMessageBox, \
    QPushButton, QWidget

from desktop.errors import ValidationError
from desktop.i18n import N_, _
from desktop.sync.peers import PeerView
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.forms import ERROR_COLOR, fill_combo

BUNDLE_FILES = N_("Wushe Desk sync bundles (*.wsb);;All files (*)")
BUNDLE_SUFFIX = ".wsb"
ALL = "*"  # every trusted peer: no node id looks like this
# How sensitive fields travel (exchange.SENSITIVE_MODES), safest first.
SENSITIVE_CHOICES = {
    "encrypted": N_("Encrypted to the peer, sensitive fields included (recommended)"),
    "left_out": N_("Not encrypted, sensitive fields left out"),
    "included": N_("Not encrypted, sensitive fields included"),
}


def suggested_bundle(peer_name: str, what: str = "") -> Path:
    stem = "-".join(part for part in (peer_name, what, date.today().isoformat()) if part)
    return Path.home() / f"{stem}{BUNDLE_SUFFIX}"


def ask_bundle_path(parent: QWidget, title: str, suggested: Path) -> Path | None:
    name, _filter = QFileDialog.getSaveFileName(parent, title, str(suggested), _(BUNDLE_FILES))
    if not name:
        return None
    return Path(name) if Path(name).suffix else Path(name + BUNDLE_SUFFIX)


Targets = list[tuple[str, Path]]  # (peer node id, file), one per peer


class ExportDialog(FormDialog):
    """``outcome``: (targets, full, sensitive), what ``checked`` returns."""

    def __init__(self, ctx: AppContext, found: list[PeerView], selected: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_("Export to a peer"), ok_text=_("Export"), parent=parent)
        self.setMinimumWidth(640)  # room for the file's whole path
        self._peers = {p.node_id: p for p in found}
        choices = {p.node_id: _("{name} ({kind})").format(name=p.name, kind=p.kind_label) for p in found}
        if len(found) > 1:
            choices[ALL] = _("Every trusted node: a file each, in one folder")
        self.peer = QComboBox()
        fill_combo(self.peer, choices, selected)
        self.full = QCheckBox(_("Full bundle: every record, not only what the peer has not acknowledged"))
        self.sensitive = QComboBox()
        fill_combo(self.sensitive, {code: _(text) for code, text in SENSITIVE_CHOICES.items()}, "encrypted")
        self.warning = QLabel(_("Warning: the bundle will not be encrypted but will hold ID numbers, phones and other "
                                "sensitive fields. Anyone who gets the file can read them: carry it yourself and "
                                "delete it once imported."))
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(f"color: {ERROR_COLOR}; font-weight: bold;")
        self.path = QLineEdit()
        self.choose = QPushButton(_("Browse…"))
        self.choose.clicked.connect(self.choose_file)
        form = self.form
        form.add_row("peer", _("Peer"), self.peer)
        form.add_row("full", "", self.full)
        form.add_row("sensitive", _("Sensitive fields"), self.sensitive)
        form.layout.addRow(self.warning)
        file_row = QWidget()
        row = QHBoxLayout(file_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.path, 1)
        row.addWidget(self.choose)
        form.add_row("file", _("File"), file_row)
        form.watch("file", self.path.textEdited)
        form.watch("full", self.full.toggled)
        self.peer.activated.connect(lambda _index: self._peer_changed())
        self.sensitive.currentIndexChanged.connect(lambda _index: self._show_warning())
        self._peer_changed()
        self._show_warning()

    def _all(self) -> bool:
        return self.peer.currentData() == ALL

    def _suggested(self) -> Path:
        peer = self._peers.get(self.peer.currentData())
        return Path.home() if self._all() else suggested_bundle(peer.name if peer else "")

    def _show_warning(self) -> None:
        self.warning.setVisible(self.sensitive.currentData() == "included")
        # The dialog keeps the height it was shown at, and a wrapped label's height depends on its width:
        # without this the warning is squeezed into one line and its top cut off.
        self.layout().activate()
        self.resize(self.width(), max(self.layout().totalHeightForWidth(self.width()),
                                      self.minimumSizeHint().height()))

    def _peer_changed(self) -> None:
        self.path.setText(str(self._suggested()))
        self.update_button()

    def choose_file(self) -> None:
        start = Path(self.path.text()) if self.path.text() else self._suggested()
        if self._all():
            name = QFileDialog.getExistingDirectory(self, _("Export to a folder"), str(start))
            chosen = Path(name) if name else None
        else:
            chosen = ask_bundle_path(self, _("Export to…"), start)
        if chosen is not None:
            self.path.setText(str(chosen))
            self.update_button()

    def checked(self) -> tuple[Targets, bool, str]:
        peer = self.peer.currentData()
        if not peer:
            raise ValidationError("peer", _("Add a trusted peer first."))
        text = self.path.text().strip()
        if not text:
            raise ValidationError("file", _("Choose the file to write."))
        path = Path(text)
        folder = path if self._all() else path.parent
        if not folder.is_dir():
            raise ValidationError("file", _("The folder {folder} does not exist.").format(folder=folder))
        # A file per peer named after it; the start of the node id keeps two peers of one name apart.
        targets = [(node_id, path / f"{p.name}-{node_id[:8]}{BUNDLE_SUFFIX}") for node_id, p in self._peers.items()] \
            if self._all() else [(peer, path)]
        return targets, self.full.isChecked(), self.sensitive.currentData()

    def save(self) -> None:
        """Closes with the choice as ``outcome``: writing a large bundle takes a while, and the page shows
        how far it has got rather than this dialog."""
        self.form.touch_all()
        values = self.form.check(self.checked)
        if values is not None and self._may_replace([path for _peer, path in values[0] if path.exists()]):
            self.outcome = values
            self.accept()

    def _may_replace(self, existing: list[Path]) -> bool:
        """Whether the files that already exist may be replaced: asked, No by default."""
        if not existing:
            return True
        asked = QMessageBox.question(
            self, _("Replace the file?"), _("{files} already exists. Replace it with the new bundle?").format(
                files=_(", ").join(str(path) for path in existing)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return asked == QMessageBox.StandardButton.Yes
