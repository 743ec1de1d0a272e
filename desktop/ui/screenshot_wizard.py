"""The setup wizard at a chosen page, for PNG renders. It works on a throw-away blank database:
the wizard is for new databases, and reaching the recovery-code page means really saving."""

from __future__ import annotations

import secrets

from PySide6.QtWidgets import QApplication

from desktop.services.demo import DEMO_HEAD, DEMO_STATION
from desktop.ui.context import AppContext
from desktop.ui.setup_wizard import ACCOUNT, RECOVERY, STATION, SetupWizard

WIZARD_PAGES = {"wizard": STATION, "wizard-account": ACCOUNT, "wizard-recovery": RECOVERY}


def _settle(app: QApplication, ctx: AppContext) -> None:
    ctx.tasks.wait()
    for _round in range(3):  # results come back as queued events; layouts settle over a few passes
        app.processEvents()


def wizard_at(ctx: AppContext, page: str, app: QApplication) -> SetupWizard:
    """A shown wizard on ``page``; for the later pages it is filled in as a person would, with the
    demo station and its head (the password is random and thrown away with the database)."""
    target = WIZARD_PAGES[page]
    wizard = SetupWizard(ctx)
    wizard.show()
    wizard.next()
    if target == STATION:
        return wizard
    wizard.station.form.set_value(DEMO_STATION)
    wizard.next()  # the villages page: no rows is fine
    wizard.next()
    if target == ACCOUNT:
        return wizard
    username, name, phone = DEMO_HEAD
    fields = wizard.account.fields
    password = f"Render-{secrets.token_hex(6)}"
    fields.username.setText(username)
    fields.display_name.setText(name)
    fields.phone.setText(phone)
    fields.passwords.password.setText(password)
    fields.passwords.confirm.setText(password)
    wizard.next()  # the summary
    wizard.next()  # Save: the station is written on the worker, then the wizard moves on
    _settle(app, ctx)
    if wizard.currentId() != RECOVERY:
        raise RuntimeError(f"the wizard stopped at page {wizard.currentId()} instead of the recovery code")
    return wizard
