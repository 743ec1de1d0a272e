"""Adding or editing one social worker: employer, certificate, the communities covered, a linked account."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from desktop.domain import contact
from desktop.domain.codes import CERT_LEVELS, EMPLOYER_KINDS, EMPLOYMENT_KINDS, GENDERS, WORKER_STATUSES
from desktop.domain.permissions import Action
from desktop.i18n import _
from desktop.services import accounts, workers
from desktop.services.workers import WorkerInput, WorkerView
from desktop.ui.context import AppContext
from desktop.ui.forms import combo_value, fill_combo
from desktop.ui.registers.choices import choice_combo, community_names, labelled
from desktop.ui.registers.date_field import PastDateEdit
from desktop.ui.registers.record_dialog import RecordDialog
from desktop.ui.tasks import Job
from desktop.ui.workers.coverage import CoverageList

UNCERTIFIED = ("", "none")  # no level chosen yet, or no certificate: number and year do not apply


class WorkerDialog(RecordDialog[WorkerView]):
    """``outcome`` is the saved ``WorkerView``. Only those who manage user accounts may change the linked
    account; everyone else sees the link and keeps it."""

    def __init__(self, ctx: AppContext, existing: WorkerView | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, existing, topic="workers", new_title=_("New social worker"), parent=parent)
        self.name = QLineEdit()
        self.name.setMaxLength(50)
        self.gender = QComboBox()
        fill_combo(self.gender, {"": _("Not known")} | labelled(GENDERS))
        self.employer_kind = choice_combo(labelled(EMPLOYER_KINDS))
        self.employer_name = QLineEdit()
        self.employer_name.setMaxLength(100)
        self.employer_name.setPlaceholderText(_("Full name of the station, agency or village committee"))
        self.employment = choice_combo(labelled(EMPLOYMENT_KINDS))
        self.cert_level = choice_combo(labelled(CERT_LEVELS))
        self.cert_number = QLineEdit()
        self.cert_number.setMaxLength(32)
        self.cert_year = QLineEdit()
        self.cert_year.setMaxLength(4)
        self.cert_year.setPlaceholderText(_("e.g. 2021"))
        self.phone = QLineEdit()
        self.phone.setPlaceholderText(_("Mobile number, optional"))
        self.coverage = CoverageList(community_names(ctx.gateway))
        self.account: QComboBox | None = self._accounts() if ctx.gateway.may(Action.MANAGE_USERS) else None
        self.status = choice_combo(labelled(WORKER_STATUSES))
        self.status.setCurrentIndex(self.status.findData("active"))
        self.joined_on = PastDateEdit()
        self.notes = QLineEdit()
        self.notes.setMaxLength(500)
        if existing is not None:
            self._fill(existing)

        form = self.form
        form.add_row("name", _("Full name"), self.name)
        form.add_row("gender", _("Gender"), self.gender)
        form.add_row("employer_kind", _("Employed by"), self.employer_kind)
        form.add_row("employer_name", _("Employer"), self.employer_name)
        form.add_row("employment", _("Employment"), self.employment)
        form.add_row("cert_level", _("Qualification"), self.cert_level)
        form.add_row("cert_number", _("Certificate no."), self.cert_number)
        form.add_row("cert_year", _("Year certified"), self.cert_year)
        form.add_row(contact.FIELD, _("Phone"), self.phone)
        form.add_row("community_ids", _("Communities covered"), self.coverage)
        form.add_row("user_id", _("User account"), self.account or self._account_shown())
        form.add_row("status", _("Status"), self.status)
        form.add_row("joined_on", _("Joined"), self.joined_on)
        form.add_row("notes", _("Notes"), self.notes)

        self.cert_level.currentIndexChanged.connect(lambda _index: self._update())
        self.coverage.edited.connect(self.update_button)
        self.joined_on.dateChanged.connect(lambda _date: self.update_button())
        self._update()
        self.name.setFocus()

    # --- what is offered --------------------------------------------------------------------
    def _accounts(self) -> QComboBox:
        """The enabled accounts, and the linked one even if it was disabled since (the link may stay)."""
        existing = self.existing
        users = {u.id: _("{name} ({username})").format(name=u.display_name, username=u.username)
                 for u in self._ctx.gateway.read(accounts.list_users) if not u.disabled}
        if existing is not None and existing.user_id and existing.user_id not in users:
            users[existing.user_id] = existing.username
        combo = QComboBox()
        fill_combo(combo, {"": _("None")} | users, (existing.user_id or "") if existing else "")
        return combo

    def _account_shown(self) -> QLabel:
        """The link as it is, for those who may not manage accounts, with the reason they cannot change it."""
        shown = QLabel(self.existing.username if self.existing and self.existing.username else _("None"))
        shown.setToolTip(self._ctx.gateway.refusal(Action.MANAGE_USERS))
        return shown

    def _fill(self, data: WorkerView) -> None:
        for combo, code in ((self.gender, data.gender), (self.employer_kind, data.employer_kind),
                            (self.employment, data.employment), (self.cert_level, data.cert_level),
                            (self.status, data.status)):
            combo.setCurrentIndex(combo.findData(code))
        self.name.setText(data.name)
        self.employer_name.setText(data.employer_name)
        self.cert_number.setText(data.cert_number)
        self.cert_year.setText("" if data.cert_year is None else str(data.cert_year))
        self.phone.setText(data.phone)
        self.coverage.set_checked(data.community_ids)
        self.joined_on.set_value(data.joined_on)
        self.notes.setText(data.notes)

    # --- as the user types ------------------------------------------------------------------
    def _certified(self) -> bool:
        return combo_value(self.cert_level) not in UNCERTIFIED

    def _update(self) -> None:
        for field in (self.cert_number, self.cert_year):
            field.setEnabled(self._certified())
        self.update_button()

    def _user_id(self) -> str | None:
        if self.account is not None:
            return combo_value(self.account) or None
        return self.existing.user_id if self.existing else None

    def checked(self) -> WorkerInput:
        certified = self._certified()  # a number typed before choosing "no certificate" is not kept
        return WorkerInput(
            self.name.text(), combo_value(self.employer_kind), combo_value(self.employment),
            combo_value(self.cert_level), self.cert_number.text() if certified else "",
            self.cert_year.text() if certified else None, self.employer_name.text(), combo_value(self.gender),
            self.phone.text(), self.coverage.checked_ids(), self._user_id(), combo_value(self.status),
            self.joined_on.value(), self.notes.text()).validated()

    def job(self, values: WorkerInput) -> Job:
        return self.add_or_update(workers.add, workers.update, values)
