"""The client information sheet (服务对象基本信息表) as a printed PDF, on one page where the household
and the cases allow: identity and contact, consent, the household members, the client's cases
(those the user may see), and lines to sign: the worker, the client and, for a minor or a client with a
guardian on file, the guardian.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.i18n import _, format_date
from desktop.services.case_summary import ClientSheet

MM = 72 / 25.4  # points per millimetre; reportlab.lib.units.mm without importing ReportLab early


def write_client_sheet(sheet: ClientSheet, out: Path) -> Path:
    # ReportLab is imported here, not with the module: the app starts without it.
    from desktop.reports.case_paper import Paper, build, client_rows, client_signer, members_table

    paper = Paper()
    client = sheet.client
    title = _("Client Information Sheet")
    consent = _("{method} ({giver}), {date}").format(
        method=client.consent_method, giver=client.consent_by, date=format_date(client.consent_on)) \
        if client.consent_on else ""
    cases = [[paper.text(c.number), paper.text(paper.day(c.opened_on)), paper.text(c.stage), paper.text(c.worker),
              paper.text(paper.day(c.closed_on))] for c in sheet.cases]
    story: list[Any] = [
        *paper.masthead(title, _("Registered on {date}").format(date=format_date(client.registered_on)),
                        _("Unit: {station}").format(station=sheet.station)),
        paper.form([*client_rows(client), [(_("Consent to sensitive data"), consent)], [(_("Notes"), client.notes)]]),
        *paper.subheading(_("Household members")),
        members_table(paper, client.members),
        *paper.subheading(_("Cases")),
        paper.listing([_("Case no."), _("Opened on"), _("Current stage"), _("Social worker"), _("Closed on")], cases,
                      [34 * MM, 22 * MM, None, 24 * MM, 22 * MM]),
        paper.signatures([_("Filled in by"), client_signer(client)]),
    ]
    running = _("{title} · {name} · {station}").format(title=title, name=client.name, station=sheet.station)
    return build(out, story, title=title, author=sheet.station, subject=client.name, running=running)
