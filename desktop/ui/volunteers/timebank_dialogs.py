"""Time-bank operations on one volunteer's passbook: redeem a reward, give points to another volunteer."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from desktop.domain.timebank import parse_points, points_text
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services import rewards, timebank
from desktop.services.forms import optional_text
from desktop.services.volunteers import VolunteerView
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.forms import combo_value, fill_combo
from desktop.ui.tasks import Job
from desktop.ui.volunteers.volunteer_picker import VolunteerPicker


def _note() -> QLineEdit:
    note = QLineEdit()
    note.setMaxLength(200)
    return note


class RedeemDialog(FormDialog):
    """The catalogue's active rewards with their cost; the service refuses what the balance cannot cover."""

    def __init__(self, ctx: AppContext, volunteer: VolunteerView, parent: QWidget | None = None) -> None:
        balance = ctx.gateway.read(timebank.balance, volunteer.id)
        super().__init__(ctx, title=_("Redeem points"), ok_text=_("Redeem"), parent=parent,
                         intro=_("{name} holds {points} points.").format(name=volunteer.name,
                                                                         points=points_text(balance)))
        self._volunteer = volunteer
        self.reward = QComboBox()
        fill_combo(self.reward, {r.id: _("{name} ({cost} points)").format(name=r.name, cost=points_text(r.cost))
                                 for r in ctx.gateway.read(rewards.list_rewards)})
        self.note = _note()
        self.form.add_row("reward_id", _("Reward"), self.reward)
        self.form.add_row("note", _("Note"), self.note)
        self.update_button()

    def checked(self) -> tuple[str, str]:
        if not combo_value(self.reward):
            raise ValidationError("reward_id", _("Choose a reward from the catalogue."))
        return combo_value(self.reward), optional_text(self.note.text(), "note", 200)

    def job(self, values: tuple[str, str]) -> Job:
        gateway, volunteer_id = self._ctx.gateway, self._volunteer.id
        reward_id, note = values
        return lambda _progress: gateway.write(timebank.redeem, volunteer_id, reward_id, note)


class GiveDialog(FormDialog):
    """Points passed on to another volunteer; what exceeds the receiver's cap goes to the station's pool."""

    def __init__(self, ctx: AppContext, volunteer: VolunteerView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_("Give points"), ok_text=_("Give"), parent=parent)
        self._volunteer = volunteer
        self._to: VolunteerView | None = None
        self.picker = VolunteerPicker(ctx.gateway, _("Choose"))
        self.receiver = QLabel(_("Nobody chosen yet"))
        self.points = QLineEdit()
        self.points.setPlaceholderText(_("Points, e.g. 10 or 2.5"))
        self.note = _note()
        self.form.add_row("find", _("Find"), self.picker)
        self.form.add_row("to_volunteer_id", _("To"), self.receiver)
        self.form.add_row("amount", _("Points"), self.points)
        self.form.add_row("note", _("Note"), self.note)
        self.picker.picked.connect(self._chosen)
        self.update_button()

    def _chosen(self, volunteer: VolunteerView) -> None:
        self._to = volunteer
        self.receiver.setText(f"{volunteer.name} ({volunteer.number})")
        self.update_button()

    def checked(self) -> tuple[str, int, str]:
        if self._to is None or self._to.id == self._volunteer.id:
            raise ValidationError("to_volunteer_id", _("Choose another volunteer to receive the points."))
        amount = parse_points(self.points.text() or "0", "amount")
        if amount <= 0:
            raise ValidationError("amount", _("Enter a number of points above zero."))
        return self._to.id, amount, optional_text(self.note.text(), "note", 200)

    def job(self, values: tuple[str, int, str]) -> Job:
        gateway, giver = self._ctx.gateway, self._volunteer.id
        to, amount, note = values
        return lambda _progress: gateway.write(timebank.donate, giver, amount, to, note)
