"""The client form and the privacy rules of its sealed fields: an old 15-digit ID number is offered as the
18-character number an import would make of it, and a sealed field typed for a client without a recorded
consent (the notes or address of a client registered without one) is refused at the consent as it is typed."""

from __future__ import annotations

from datetime import date

import pytest

from client_testing import full_input
from desktop.domain.identity import upgrade_legacy_id
from desktop.services import clients, signin
from desktop.ui.cases.client_dialog import ClientDialog
from register_testing import pick, pick_text, refused, save
from wushe_testing import DEMO_PASSWORD, shown

LEGACY_ID = "500110580312024"  # first-generation: born 1958-03-12, a woman (even sequence)


@pytest.fixture
def ctx(demo, make_ctx):
    signin.sign_in(demo, "lixia", DEMO_PASSWORD)
    return make_ctx(demo)


def typed(line_edit, text: str) -> None:
    line_edit.setText(text)
    line_edit.textEdited.emit(text)


def offer_shown(dialog: ClientDialog) -> bool:
    return dialog.legacy.isVisibleTo(dialog)


def test_an_old_15_digit_number_is_offered_as_its_18_character_number(qtbot, ctx, settle):
    dialog = shown(qtbot, ClientDialog(ctx))
    typed(dialog.name, "邱桂兰")
    pick_text(dialog.community, "石桥村")
    assert not offer_shown(dialog)
    typed(dialog.id_number, LEGACY_ID[:-1])
    assert not offer_shown(dialog)  # 14 digits are no old number
    typed(dialog.id_number, f" {LEGACY_ID[:6]} {LEGACY_ID[6:]}")  # as typed off an old card, spaced
    upgraded = upgrade_legacy_id(LEGACY_ID)
    assert offer_shown(dialog) and upgraded in dialog.legacy.text.text()
    refused(dialog, "id_number", "15-digit")  # not taken silently: the user chooses the offer
    dialog.legacy.use.click()
    assert dialog.id_number.text() == upgraded and not offer_shown(dialog)
    assert (dialog.birth_date.value(), dialog.gender.currentData()) == (date(1958, 3, 12), "female")
    dialog.consent.given_on.set_value(date.today())
    pick(dialog.consent.method, "oral")
    saved = save(qtbot, dialog, settle)
    assert saved.id_masked == upgraded[:4] + "*" * 10 + upgraded[-4:]


def test_a_15_digit_number_with_no_real_date_is_not_offered(qtbot, ctx):
    dialog = shown(qtbot, ClientDialog(ctx))
    typed(dialog.id_number, LEGACY_ID[:10] + "31" + LEGACY_ID[12:])  # born on 1958-03-31 is fine
    assert offer_shown(dialog)
    typed(dialog.id_number, LEGACY_ID[:10] + "32" + LEGACY_ID[12:])  # a 32nd of March is not
    assert not offer_shown(dialog)
    refused(dialog, "id_number", "15-digit")
    pick(dialog.id_type, "passport")  # a passport number of 15 digits is no old ID card
    typed(dialog.id_number, LEGACY_ID)
    assert not offer_shown(dialog)


def test_notes_or_an_address_need_the_consent_the_client_has_not_given(qtbot, ctx, demo, settle):
    """柏秀英 of the trial: registered without consent, and so without anything sealed."""
    with demo.write() as session:
        view = clients.add(session, full_input(demo, name="柏秀英", id_number=None, phone="", address="",
                                               consent=None, birth_date=date(1960, 7, 2), gender="female",
                                               members=()))
    dialog = shown(qtbot, ClientDialog(ctx, view))
    dialog.update_button()
    assert dialog.ok_button.isEnabled()
    typed(dialog.notes, "外地嫁入，身份证号待补录")
    refused(dialog, "consent_on", "(Notes)")  # shown as typed, not only on save
    typed(dialog.address, "青山镇柏林村二组 3 号")
    refused(dialog, "consent_on", "(Address, Notes)")
    typed(dialog.notes, "")
    typed(dialog.address, "")
    dialog.update_button()
    assert dialog.ok_button.isEnabled()
    typed(dialog.address, "青山镇柏林村二组 3 号")
    dialog.consent.given_on.set_value(date.today())
    pick(dialog.consent.method, "oral")
    saved = save(qtbot, dialog, settle)
    assert (saved.address, saved.consent.method) == ("青山镇柏林村二组 3 号", "oral")
