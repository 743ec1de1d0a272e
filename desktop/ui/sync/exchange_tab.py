"""Export and import: "Export to…" a peer, "Import a bundle…" from one, both on the database worker, and
one line saying what came of it (or why a bundle was refused); after a data bundle, its acknowledgement.
Above the buttons, what each does; below, the last bundle written and the last imported."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.errors import WusheError
from desktop.i18n import _, format_number
from desktop.sync import exchange, peers
from desktop.sync.import_text import imported_lines
from desktop.sync.nothing_new import nothing_new, nothing_new_text
from desktop.sync.last_bundles import last_bundle
from desktop.sync.peers import ACK, RECEIVED, SENT
from desktop.sync.unreadable import check_readable
from desktop.ui.context import AppContext
from desktop.ui.sync import TOPIC
from desktop.ui.forms import ERROR_COLOR
from desktop.ui.layouts import button_row
from desktop.ui.sync.export_dialog import BUNDLE_FILES, ExportDialog, Targets, ask_bundle_path, suggested_bundle
from desktop.ui.sync.formatting import when
from desktop.ui.tasks import Operation, Progress


def exported_text(done: list[exchange.ExportResult]) -> str:
    """One sentence per bundle written, then once how sensitive fields travelled."""
    lines = [_("Acknowledgement for {peer} written to {file}.").format(peer=bundle.peer_name, file=bundle.path)
             if bundle.kind == ACK else
             _("Bundle {sequence} for {peer} written to {file}: {rows} records, {files} files.").format(
                 sequence=bundle.sequence, peer=bundle.peer_name, file=bundle.path, rows=format_number(bundle.rows),
                 files=format_number(bundle.attachments)) for bundle in done]
    modes = {bundle.sensitive for bundle in done if bundle.kind != ACK}
    if "left_out" in modes:
        lines.append(_("The bundle is not encrypted; sensitive fields were left out."))
    if "included" in modes:
        lines.append(_("The bundle is not encrypted and holds sensitive fields: carry it with care."))
    return " ".join(lines)


def imported_text(done: exchange.ImportResult) -> str:
    return " ".join(imported_lines(done))


def telling(progress: Progress, peer: str) -> Progress:
    """``progress``, told which peer's bundle the records are being written for."""
    def told(done: int, total: int, _text: str) -> None:
        progress(done, total, _("Writing the bundle for {peer}: {done} of {total} records…").format(
            peer=peer, done=format_number(done), total=format_number(total)))
    return told


class ExchangeTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self._ctx = ctx
        self._running = 0
        self.last_import: exchange.ImportResult | None = None
        about = QLabel(_("A bundle carries what a peer does not have yet. Carry it on a USB stick or send it by "
                         "e-mail; the peer imports it on its Data exchange page. Only the peer a bundle is encrypted "
                         "to can open it."))
        about.setWordWrap(True)
        steps = QLabel(_("Export to… writes a bundle of what the chosen peer has not acknowledged yet (a full bundle: "
                         "everything); when there is nothing new, no file is written. Import a bundle… checks the "
                         "file's signature and contents, then merges it all at once; a refused bundle changes "
                         "nothing. After an import, the sender is told what arrived by the acknowledgement, or by "
                         "your next bundle to it."))
        steps.setWordWrap(True)
        self.last = QLabel()
        self.last.setWordWrap(True)
        self.export_button = QPushButton(_("Export to…"))
        self.export_button.clicked.connect(self.export)
        self.import_button = QPushButton(_("Import a bundle…"))
        self.import_button.clicked.connect(self.choose_import)
        self.ack_button = QPushButton(_("Write the acknowledgement…"))
        self.ack_button.setToolTip(_("A bundle for the sender saying what was imported here, when you are not "
                                     "sending it data back"))
        self.ack_button.clicked.connect(self.write_ack)
        self.ack_button.setVisible(False)
        self.result = QLabel()
        self.result.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(about)
        layout.addWidget(steps)
        layout.addLayout(button_row(self.export_button, self.import_button))
        layout.addWidget(self.result)
        layout.addLayout(button_row(self.ack_button))
        layout.addSpacing(12)
        layout.addWidget(self.last)
        layout.addStretch(1)
        self._update_buttons()
        self.show_last()
        ctx.events.changed.connect(lambda topic: self.show_last() if topic in (TOPIC, "all") else None)

    def show_last(self) -> None:
        """The last bundle written and the last imported (two small reads of the bundle log)."""
        sent = self._ctx.gateway.read(last_bundle, SENT)
        received = self._ctx.gateway.read(last_bundle, RECEIVED)
        self.last.setText("\n".join((
            _("Last bundle written: no. {sequence} for {peer}, {when}, {rows} records.").format(
                sequence=sent.sequence, peer=sent.peer_name, when=when(sent.at), rows=format_number(sent.rows))
            if sent else _("No bundle written yet."),
            _("Last bundle imported: no. {sequence} from {peer}, {when}, {rows} records.").format(
                sequence=received.sequence, peer=received.peer_name, when=when(received.at),
                rows=format_number(received.rows))
            if received else _("No bundle imported yet."))))

    def _say(self, text: str, *, refused: bool = False) -> None:
        self.result.setText(text)
        self.result.setStyleSheet(f"color: {ERROR_COLOR};" if refused else "")

    def _update_buttons(self) -> None:
        for button in (self.export_button, self.import_button, self.ack_button):
            button.setEnabled(not self._running)

    def _start(self) -> None:
        self._running += 1
        self._update_buttons()

    def _idle(self, cancelled: str = "") -> None:
        self._running -= 1
        if cancelled:
            self._say(cancelled)
        self._update_buttons()

    # --- export ---------------------------------------------------------------------------
    def export(self) -> Operation | None:
        found = self._ctx.gateway.read(peers.list_peers)
        if not found:
            self._say(_("Add a trusted peer on the Peers tab first."), refused=True)
            return None
        dialog = ExportDialog(self._ctx, found, parent=self)
        if not dialog.exec() or dialog.outcome is None:
            return None
        return self.export_to(dialog.outcome, {p.node_id: p.name for p in found})

    def export_to(self, choice: tuple[Targets, bool, str], names: dict[str, str]) -> Operation:
        """Write a bundle per target on the worker, with progress and Cancel. A cancelled bundle leaves no
        file and takes no sequence number; those finished before it are kept and named. A peer with nothing
        new gets no file, unless a full bundle was asked for (``nothing_new``)."""
        targets, full, sensitive = choice
        written: list[exchange.ExportResult] = []
        quiet: list[str] = []  # the names of the peers that had nothing new

        def job(progress: Progress) -> list[exchange.ExportResult]:
            for peer, path in targets:
                if not full and nothing_new(self._ctx.gateway.db, peer):
                    quiet.append(names[peer])
                    continue
                written.append(exchange.export_to_peer(self._ctx.gateway.db, peer, path, full=full,
                                                       sensitive=sensitive, progress=telling(progress, names[peer])))
            return written

        def stopped() -> str:
            cancelled = _("The export was cancelled; the unfinished bundle was not written.")
            if not written:
                return cancelled
            self._ctx.events.publish(TOPIC)  # the bundles finished before it were recorded
            return " ".join((exported_text(written), cancelled))

        self._start()
        operation = self._ctx.tasks.run(job, parent=self, label=_("Writing the bundle…"), cancellable=True,
                                        on_success=lambda done: self._exported(done, quiet),
                                        on_failure=lambda error: self._say(error.message, refused=True))
        operation.done.connect(lambda: self._idle(stopped() if operation.cancelled else ""))
        return operation

    def _exported(self, done: list[exchange.ExportResult], quiet: Sequence[str] = ()) -> None:
        text = " ".join([*(nothing_new_text(name) for name in quiet), *([exported_text(done)] if done else [])])
        self._say(text)
        if any(bundle.kind == ACK for bundle in done):
            self.ack_button.setVisible(False)
        self._ctx.events.publish(TOPIC)
        self._ctx.events.tell(text)

    # --- import ---------------------------------------------------------------------------
    def choose_import(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, _("Import a bundle"), str(Path.home()), _(BUNDLE_FILES))
        if name:
            self.import_bundle(Path(name))

    def import_bundle(self, path: Path) -> Operation:
        self.last_import = None
        self.ack_button.setVisible(False)
        self._say(_("Importing {file}…").format(file=path.name))

        def job(progress: Progress) -> exchange.ImportResult:
            check_readable(path)  # gone or unreadable since it was chosen: said in our words
            return exchange.import_file(self._ctx.gateway.db, path, progress=progress)

        self._start()
        operation = self._ctx.tasks.run(job, parent=self, label=_("Importing {file}…").format(file=path.name),
                                        cancellable=True, on_success=self._imported, on_failure=self._refused)
        operation.done.connect(lambda: self._idle(
            _("The import was cancelled; nothing was changed.") if operation.cancelled else ""))
        return operation

    def _imported(self, done: exchange.ImportResult) -> None:
        self.last_import = done
        self._say(imported_text(done))
        self.ack_button.setVisible(done.kind != ACK)
        self._ctx.events.publish("all")  # any register may have changed
        self._ctx.events.tell(imported_text(done))

    def _refused(self, error: WusheError) -> None:
        self._say(_("Not imported: {reason}").format(reason=error.message), refused=True)

    def write_ack(self) -> None:
        done = self.last_import
        if done is None:
            return
        path = ask_bundle_path(self, _("Write the acknowledgement"), suggested_bundle(done.sender_name, _("ack")))
        if path is None:
            return

        def job(_progress: Progress) -> list[exchange.ExportResult]:
            return [exchange.export_to_peer(self._ctx.gateway.db, done.sender_id, path, kind=ACK)]

        self._start()
        operation = self._ctx.tasks.run(job, parent=self, label=_("Writing the bundle…"),
                                        on_success=self._exported,
                                        on_failure=lambda error: self._say(error.message, refused=True))
        operation.done.connect(self._idle)
