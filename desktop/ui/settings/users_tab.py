"""设置 → 用户: the accounts, what the station head does with them, and the idle lock's minutes."""

from __future__ import annotations

from datetime import UTC, datetime
from operator import attrgetter

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPushButton,
                               QSpinBox, QVBoxLayout, QWidget)

from desktop.domain.codes import label
from desktop.domain.permissions import role_labels
from desktop.errors import WusheError
from desktop.i18n import N_, _, format_datetime
from desktop.services import accounts, signin
from desktop.services.accounts import UserView
from desktop.ui.layouts import button_row
from desktop.ui.access.recovery_code import RecoveryCodeDialog, sheet_for
from desktop.ui.context import AppContext
from desktop.ui.forms import error_label
from desktop.ui.settings.user_dialogs import AddUserDialog, EditUserDialog, ResetPasswordDialog
from desktop.ui.list_view import list_view
from desktop.ui.table_model import Column, PagedTableModel, whole_list

LOCK_DELAY_MS = 600  # the spin box saves once the arrows or typing pause


def status_text(user: UserView) -> str:
    parts = []
    if user.disabled:
        parts.append(_("Disabled"))
    if user.locked_until is not None and user.locked_until > datetime.now(UTC):
        parts.append(_("Locked until {time}").format(time=format_datetime(user.locked_until.astimezone(), "short")))
    if user.must_change_password:
        parts.append(_("Must change password"))
    return "; ".join(parts) or _("Active")


def columns(node_kind: str) -> list[Column[UserView]]:
    """The list's columns, the roles named as a node of ``node_kind`` names them (县级管理员, not 站长, at a
    county)."""
    roles = role_labels(node_kind)
    return [
        Column(N_("User name"), None, attrgetter("username")),
        Column(N_("Full name"), None, attrgetter("display_name")),
        Column(N_("Role"), None, lambda u: label(roles, u.role)),
        Column(N_("Phone"), None, lambda u: u.phone or "—"),
        Column(N_("Status"), None, status_text),
        Column(N_("Last sign-in"), None,
               lambda u: format_datetime(u.last_login_at.astimezone(), "short") if u.last_login_at else "—"),
    ]


class UsersTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self._ctx = ctx
        self._found: dict[str, UserView] = {}
        # A station has a handful of accounts; the same model as every list keeps one way of doing lists.
        self.model: PagedTableModel[UserView] = PagedTableModel(
            columns(ctx.gateway.node_kind), whole_list(self._fetch_ids), self._fetch_rows, row_id=attrgetter("id"),
            dimmed=attrgetter("disabled"))
        self.view = list_view(self.model)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.doubleClicked.connect(lambda _index: self.edit())
        self.view.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())

        self.add_button = QPushButton(_("Add…"))
        self.edit_button = QPushButton(_("Edit…"))
        self.disable_button = QPushButton(_("Disable"))
        self.reset_button = QPushButton(_("Reset password…"))
        self.recovery_button = QPushButton(_("New recovery code…"))
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.disable_button.clicked.connect(self.toggle_disabled)
        self.reset_button.clicked.connect(self.reset_password)
        self.recovery_button.clicked.connect(self.new_recovery_code)
        buttons = button_row(self.add_button, self.edit_button, self.disable_button, self.reset_button)
        buttons.addWidget(self.recovery_button)

        self.lock_minutes = QSpinBox()
        self.lock_minutes.setRange(0, 240)
        self.lock_minutes.setSpecialValueText(_("never"))
        self.lock_minutes.setSuffix(_(" min"))
        self.lock_minutes.setValue(ctx.gateway.read(signin.lock_minutes))
        self.lock_error = error_label()
        self._lock_timer = QTimer(self, singleShot=True, interval=LOCK_DELAY_MS)
        self._lock_timer.timeout.connect(self.save_lock_minutes)
        self.lock_minutes.valueChanged.connect(lambda _value: self._lock_timer.start())
        caption = QLabel(_("Lock the app after this many minutes without input:"))
        caption.setBuddy(self.lock_minutes)
        lock_row = QHBoxLayout()
        lock_row.addWidget(caption)
        lock_row.addWidget(self.lock_minutes)
        lock_row.addWidget(self.lock_error)
        lock_row.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        layout.addSpacing(8)
        layout.addLayout(lock_row)
        ctx.events.changed.connect(self._on_data_changed)
        self.model.reload()
        self._update_buttons()

    # --- the list -------------------------------------------------------------------------
    def _fetch_ids(self, _order_by: str, _descending: bool) -> list[str]:
        users = self._ctx.gateway.read(accounts.list_users)  # by user name
        self._found = {user.id: user for user in users}
        return list(self._found)

    def _fetch_rows(self, ids: list[str]) -> list[UserView]:
        return [self._found[i] for i in ids if i in self._found]

    def selected(self) -> UserView | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_object(rows[0]) if rows else None

    def _select(self, user_id: str) -> None:
        row = self.model.row_of(user_id)
        if row >= 0:
            self.view.selectRow(row)

    def reload(self) -> None:
        current = self.selected()
        self.model.reload()
        if current is not None:
            self._select(current.id)
        self._update_buttons()

    def _on_data_changed(self, topic: str) -> None:
        if topic in ("users", "all"):
            self.reload()

    def _update_buttons(self) -> None:
        user = self.selected()
        for button in (self.edit_button, self.reset_button):
            button.setEnabled(user is not None)
        # The services refuse to disable one's own account.
        yourself = user is not None and user.id == self._ctx.gateway.principal.user_id
        self.disable_button.setEnabled(user is not None and (user.disabled or not yourself))
        self.disable_button.setText(_("Enable") if user is not None and user.disabled else _("Disable"))

    # --- actions --------------------------------------------------------------------------
    def add(self) -> None:
        dialog = AddUserDialog(self._ctx, parent=self)
        if dialog.exec() and dialog.outcome is not None:
            self._changed(dialog.outcome.id)

    def edit(self) -> None:
        user = self.selected()
        if user is None:
            return
        dialog = EditUserDialog(self._ctx, user, parent=self)
        if dialog.exec():
            self._changed(user.id)

    def reset_password(self) -> None:
        user = self.selected()
        if user is None:
            return
        dialog = ResetPasswordDialog(self._ctx, user, parent=self)
        if dialog.exec():
            self._changed(user.id)
            self._ctx.events.tell(_("{user} must choose a new password at the next sign-in.").format(
                user=user.username))

    def toggle_disabled(self) -> None:
        user = self.selected()
        if user is None:
            return
        gateway, disable = self._ctx.gateway, not user.disabled
        self._ctx.tasks.run(lambda _progress: gateway.write(accounts.set_disabled, user.id, disable), parent=self,
                            on_success=lambda _view: self._changed(user.id))

    def new_recovery_code(self) -> None:
        answer = QMessageBox.question(
            self, _("Make a new recovery code?"),
            _("The printed recovery code stops working at once; only the new one can unlock the data when "
              "every password is lost. Print or save the new one before closing its window."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        gateway = self._ctx.gateway
        self._ctx.tasks.run(lambda _progress: gateway.write(accounts.new_recovery_code), parent=self,
                            on_success=self._show_code)

    def _show_code(self, code: str) -> None:
        RecoveryCodeDialog(self._ctx.tasks, sheet_for(self._ctx.gateway, code), parent=self).exec()

    def save_lock_minutes(self) -> None:
        gateway, minutes = self._ctx.gateway, self.lock_minutes.value()

        def saved(_result: None) -> None:
            self.lock_error.hide()
            self._ctx.events.publish("lock")

        self._ctx.tasks.run(lambda _progress: gateway.write(signin.set_lock_minutes, minutes), parent=self,
                            show_progress=False, on_success=saved, on_failure=self._lock_failed)

    def _lock_failed(self, error: WusheError) -> None:
        self.lock_error.setText(error.message)
        self.lock_error.show()

    def _changed(self, user_id: str) -> None:
        self._ctx.events.publish("users")
        self._select(user_id)
