"""The first sign-in after an upgrade tidies every stored ID number (services.id_numbers.ensure_ids_tidy) on
the database worker: the sign-in window keeps answering, a progress dialog says how far the pass has gone,
and the numbers come out as the service makes them."""

from __future__ import annotations

import sqlite3
import time
from contextlib import closing
from datetime import date

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QProgressDialog
from sqlalchemy import select

from desktop.domain.id_documents import blind_key
from desktop.domain.identity import make_resident_id
from desktop.domain.ids import new_id
from desktop.services.id_numbers import BLIND, TIDIED_SETTING, blind_of
from desktop.storage.models import AppSetting, AuditEntry, Client, Community
from desktop.ui import tasks
from desktop.ui.access.sign_in_dialog import SignInDialog
from wushe_testing import shown

CLIENTS = 20_000  # enough for the count to move under the watcher's eye
FULL_WIDTH_PAIR = ("0123456789X", "０１２３４５６７８９Ｘ")
FULL_WIDTH = str.maketrans(*FULL_WIDTH_PAIR)


def _stored_as_typed(db) -> dict[str, str]:
    """CLIENTS clients written as a version before the tidy rule kept them, every tenth number typed in
    full-width digits, with the blind index and last four of the number as typed; client id → number typed.
    Raw rows, as a bulk load writes them: 20,000 through the ORM would take most of a minute."""
    keys = db.vault
    with db.write() as session:
        place = Community(name="石门村", station_id=db.node_id, setting="village", division_code="500110108001",
                          notes="", name_sort="shi men cun")
        session.add(place)
        session.flush()
        place_id = place.id
        if (done := session.get(AppSetting, TIDIED_SETTING)) is not None:
            session.delete(done)
    typed, rows = {}, []
    for n in range(CLIENTS):
        number = make_resident_id("330102", date(1930 + n % 80, 1 + n // 80 % 12, 1 + n // 960 % 28), 1, True)
        number = number.translate(FULL_WIDTH) if n % 10 == 0 else number
        row_id = new_id()
        typed[row_id] = number
        rows.append((row_id, db.node_id, n + 1, f"对象{n}", f"dui xiang {n}",
                     keys.seal("client", row_id, "id_number", number), keys.blind(BLIND, blind_key("resident_id", number)),
                     number[-4:], place_id))
    with closing(sqlite3.connect(db.path)) as conn:
        conn.executemany(
            "INSERT INTO client (id, created_at, updated_at, origin_node, hlc, name, name_sort, gender, id_type, "
            "id_number_sealed, id_blind, id_tail, community_id, target_groups, registered_on, guardian_name, "
            "guardian_relation, consent_method, consent_by) VALUES (?, '2025-01-01 00:00:00.000000', "
            "'2025-01-01 00:00:00.000000', ?, ?, ?, ?, '', 'resident_id', ?, ?, ?, ?, '', '2025-01-01', "
            "'', '', '', '')",
            rows)
        conn.commit()
    return typed


def test_the_first_sign_in_tidies_on_the_worker_with_progress(qtbot, head_db, make_ctx, password, monkeypatch) -> None:
    typed = _stored_as_typed(head_db)
    # The dialog shows at once: after its usual delay a fast machine has read all 20,000 numbers already.
    monkeypatch.setattr(tasks, "PROGRESS_DELAY_MS", 0)
    keys = head_db.vault
    head_db.sign_out()
    ctx = make_ctx(head_db)
    dialog = shown(qtbot, SignInDialog(ctx))
    labels: list[str] = []
    ticks = [0]

    def watch() -> None:  # runs only while the GUI thread is free
        ticks[0] += 1
        labels.extend(p.labelText() for p in dialog.findChildren(QProgressDialog) if p.isVisible())

    timer = QTimer()
    timer.timeout.connect(watch)
    timer.start(10)
    dialog.username.setText("admin")
    dialog.password.setText(password)
    started = time.monotonic()
    dialog.sign_in_button.click()
    qtbot.waitUntil(lambda: dialog.signed_in is not None, timeout=60_000)
    elapsed = time.monotonic() - started
    timer.stop()

    assert dialog.result() == QDialog.DialogCode.Accepted and head_db.principal.username == "admin"
    assert ticks[0] >= elapsed * 1000 / 10 / 3  # the window kept answering the whole time
    tidying = [label for label in labels if label.startswith("Tidying the stored ID numbers")]
    assert tidying and tidying[-1] != tidying[0]  # the count moved on while it ran
    assert f"of {CLIENTS:,}" in tidying[-1]

    with head_db.read() as session:
        stored = {row.id: (keys.open("client", row.id, "id_number", row.id_number_sealed), row.id_blind, row.id_tail)
                  for row in session.scalars(select(Client).where(Client.id.in_(typed)))}
        assert session.get(AppSetting, TIDIED_SETTING) is not None
        said = session.scalars(select(AuditEntry.detail).where(AuditEntry.action == "setting")).all()
    tidy = {row_id: number.translate({ord(wide): plain for plain, wide in zip(*FULL_WIDTH_PAIR)})
            for row_id, number in typed.items()}
    assert stored == {row_id: (number, blind_of(keys, "resident_id", number), number[-4:])
                      for row_id, number in tidy.items()}
    assert any(f'"client": {CLIENTS // 10}' in (detail or "") for detail in said)
