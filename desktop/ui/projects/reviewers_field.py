"""Who reviews a round: a tick box per active account (every role may score proposals), the round's
reviewers ticked; an account disabled since it was made a reviewer stays listed while it is one."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QVBoxLayout, QWidget

from desktop.domain.codes import label
from desktop.domain.permissions import Action, may, role_labels
from desktop.i18n import _
from desktop.services import accounts
from desktop.services.rounds import ReviewerView
from desktop.ui.gateway import Gateway
from desktop.ui.layouts import grid_of

COLUMNS = 3


class ReviewersField(QWidget):
    toggled = Signal()  # the user ticked or cleared a box

    def __init__(self, gateway: Gateway, reviewers: Sequence[ReviewerView]) -> None:
        super().__init__()
        chosen = {reviewer.user_id for reviewer in reviewers}
        self.boxes: dict[str, QCheckBox] = {}
        roles = role_labels(gateway.node_kind)
        for user in gateway.read(accounts.list_users):
            if user.id in chosen or (not user.disabled and may(user.role, Action.REVIEW_PROJECTS)):
                box = QCheckBox(_("{name} ({role})").format(name=user.display_name,
                                                           role=label(roles, user.role)))
                box.setChecked(user.id in chosen)
                box.toggled.connect(lambda _on: self.toggled.emit())
                self.boxes[user.id] = box
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(grid_of(list(self.boxes.values()), COLUMNS))

    def user_ids(self) -> list[str]:
        return [user_id for user_id, box in self.boxes.items() if box.isChecked()]
