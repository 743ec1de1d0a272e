"""Certificates from the record: issue (the PDF shows the masked ID), list, verify the code."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, timedelta

import pytest

from desktop.services import signin, volunteers
from desktop.ui.volunteers.certificate_issue import IssueDialog
from desktop.ui.volunteers.certificates_window import CertificatesWindow
from wushe_testing import DEMO_PASSWORD, shown


def test_issue_then_verify(qtbot, demo, make_ctx, settle):
    signin.sign_in(demo, "lixia", DEMO_PASSWORD)
    ctx = make_ctx(demo)
    volunteer = max((v for v in ctx.gateway.read(volunteers.list_all) if v.id_masked), key=lambda v: v.minutes)
    dialog = shown(qtbot, IssueDialog(ctx, volunteer))
    dialog.period_from.setDate(date.today() - timedelta(days=365))
    dialog.in_charge.setText("周建国")
    dialog.update_button()
    dialog.save()
    settle(ctx)
    cert, pdf = dialog.outcome
    assert pdf.exists() and cert.id_masked == volunteer.id_masked
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert volunteer.id_masked in text
    else:
        pytest.skip("pdftotext is not installed")
    window = shown(qtbot, CertificatesWindow(ctx))
    window.table.reload()
    assert window.table.model.rowCount() >= 1
    window.verify.code.setText(cert.code.lower())
    window.verify.verify()
    assert "Valid" in window.verify.result.text() and cert.id_masked in window.verify.result.text()
