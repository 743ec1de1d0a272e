"""The round summary workbook (评审汇总表, .xlsx) that the station hands to the county and the funders:
the ranking with each proposal's status, each reviewer's score and the amounts, then every submitted sheet criterion by
criterion. Headers are in the language of the interface; amounts are yuan with two places.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from sqlalchemy.orm import Session

from desktop.domain.codes import label
from desktop.domain.money import from_fen
from desktop.domain.project_workflow import STATUS_LABELS
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services import reviews
from desktop.services.case_access import local_day
from desktop.services.reviews import RoundResults
from desktop.services.spreadsheet import SheetData, Value, write_workbook


def _ranking(found: RoundResults) -> SheetData:
    headers = [_("Rank"), _("Number"), _("Title"), _("Applicant"), _("Community"), _("Status"), _("Mean score"),
               *[reviewer.name for reviewer in found.reviewers], _("Requested (yuan)"), _("Approved (yuan)")]
    blank: list[Value] = [""] * (len(headers) - 2)

    def rows() -> Iterator[list[Value]]:
        for row in found.rows:
            yield [row.rank, row.number, row.title, row.applicant, row.community, label(STATUS_LABELS, row.status),
                   row.score,
                   *[row.sheet_scores.get(reviewer.user_id) for reviewer in found.reviewers],
                   from_fen(row.requested_fen), None if row.approved_fen is None else from_fen(row.approved_fen)]
        yield [_("Total"), *blank[1:], from_fen(sum(row.requested_fen for row in found.rows)),
               from_fen(found.approved_fen + found.returned_fen)]
        if found.returned_fen:
            yield [_("Returned by terminated projects"), *blank, from_fen(found.returned_fen)]
        yield [_("Pool"), *blank, from_fen(found.pool_fen)]
        yield [_("Pool left"), *blank, from_fen(found.pool_left_fen)]

    return SheetData(_("Ranking"), headers, rows())


def _details(session: Session, found: RoundResults) -> SheetData:
    """One row per submitted sheet, one column per criterion of the round."""
    per_project = [(row, reviews.sheets(session, row.project_id)) for row in found.rows if row.sheets_in]
    criteria = next((sheets[0].criteria for _row, sheets in per_project), ())
    headers = [_("Number"), _("Title"), _("Reviewer"),
               *[_("{criterion} ({weight})").format(criterion=c.name, weight=c.weight) for c in criteria],
               _("Weighted score"), _("Opinion"), _("Comments"), _("Submitted on")]

    def rows() -> Iterator[list[Value]]:
        for row, sheets in per_project:
            for sheet in sheets:  # a sheet's criteria are the round's rubric, which is fixed once one is in
                comments = "; ".join(_("{criterion}: {comment}").format(criterion=c.name, comment=c.comment)
                                     for c in sheet.criteria if c.comment)
                yield [row.number, row.title, sheet.reviewer_name, *[c.score for c in sheet.criteria],
                       sheet.score, sheet.opinion, comments,
                       None if sheet.submitted_at is None else local_day(sheet.submitted_at)]

    return SheetData(_("Score details"), headers, rows())


def write_summary(session: Session, round_id: str, path: Path) -> Path:
    """Write the round's summary to ``path`` (an .xlsx file) for the station head; returns the path."""
    if path.suffix.lower() != ".xlsx":
        raise ValidationError("out", _("The export file name must end in .xlsx."))
    found = reviews.results(session, round_id)
    write_workbook(path, [_ranking(found), _details(session, found)])
    return path
