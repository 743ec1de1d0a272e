"""The register of social workers in spreadsheets: the words station sheets use for its columns and
codes (import; the communities a worker covers may share one cell), and its export columns."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.codes import CERT_LEVELS, EMPLOYER_KINDS, EMPLOYMENT_KINDS, GENDERS, WORKER_STATUSES, label
from desktop.errors import ValidationError
from desktop.i18n import N_, _
from desktop.services import workers
from desktop.services.cell_lists import items
from desktop.services.cell_parsers import Choice, day, listing, plain, whole_number
from desktop.services.register_values import marked_deleted
from desktop.services.exports import ExportColumn, ExportSpec
from desktop.services.import_links import Communities, community_id, community_ids, script_warnings
from desktop.services.imports import ImportColumn, ImportSpec
from desktop.services.masked_cells import masked_warnings, without_masked
from desktop.services.spreadsheet import Cell
from desktop.services.person_cells import GENDER_WORDS
from desktop.services.workers import WorkerInput, WorkerQuery, WorkerView
from desktop.storage.models import SocialWorker

TITLE = N_("Social workers")
_YEAR = re.compile(r"(\d{4})\s*年?")
MASKABLE = ("phone",)

EMPLOYER_WORDS = {
    "社工站": "station", "社会工作服务站": "station", "乡镇社工站": "station", "镇社工站": "station",
    "街道社工站": "station",
    "社工机构": "agency", "社会工作服务机构": "agency", "社会工作机构": "agency", "机构": "agency",
    "村(社区)": "community", "村社区": "community", "社区": "community", "村": "community", "村委会": "community",
    "居委会": "community", "村(居)委会": "community",
}
EMPLOYMENT_WORDS = {"专职": "full_time", "全职": "full_time", "兼职": "part_time"}
LEVEL_WORDS = {
    "助理社会工作师": "assistant", "助理社工师": "assistant", "初级": "assistant",
    "社会工作师": "intermediate", "社工师": "intermediate", "中级": "intermediate",
    "高级社会工作师": "senior", "高级社工师": "senior", "高级": "senior",
    "无": "none", "暂无": "none", "未取得": "none", "无证": "none",
}
STATUS_WORDS = {"在岗": "active", "在职": "active", "离岗": "left", "离职": "left", "已离职": "left"}

NAME, GENDER, EMPLOYER_KIND, EMPLOYER = N_("Full name"), N_("Gender"), N_("Employer type"), N_("Employer")
EMPLOYMENT, LEVEL, CERT_NUMBER = N_("Employment"), N_("Qualification"), N_("Certificate no.")
CERT_YEAR, PHONE, COVERED = N_("Year certified"), N_("Phone"), N_("Communities covered")
JOINED, STATUS, NOTES = N_("Joined on"), N_("Status"), N_("Notes")


def year(cell: Cell) -> int | str | None:
    """A year as a number, 2019年, or a date of which the year counts (取得时间 2019-06-30)."""
    if isinstance(cell, date):
        return cell.year
    match = _YEAR.fullmatch(plain(cell)) if isinstance(cell, str) else None
    return int(match.group(1)) if match else whole_number(cell)


# Keys are WorkerInput's fields, except "communities", read by name, which become community_ids.
COLUMNS = (
    ImportColumn("name", NAME, ("姓名", "社工姓名"), required=True),
    ImportColumn("gender", GENDER, ("性别",), Choice(GENDERS, GENDER_WORDS)),
    ImportColumn("employer_kind", EMPLOYER_KIND, ("工作单位类型", "单位类型", "单位性质", "所在单位类型"),
                 Choice(EMPLOYER_KINDS, EMPLOYER_WORDS), required=True),
    ImportColumn("employer_name", EMPLOYER, ("单位名称", "工作单位", "所在单位", "单位")),
    ImportColumn("employment", EMPLOYMENT, ("专职/兼职", "专兼职", "用工形式", "聘用形式"),
                 Choice(EMPLOYMENT_KINDS, EMPLOYMENT_WORDS), required=True),
    ImportColumn("cert_level", LEVEL, ("职业水平", "证书等级", "职业资格", "职业水平等级", "资格等级", "持证情况"),
                 Choice(CERT_LEVELS, LEVEL_WORDS)),
    ImportColumn("cert_number", CERT_NUMBER, ("证书编号", "证书号", "证书号码", "职业水平证书编号"), plain),
    ImportColumn("cert_year", CERT_YEAR, ("取得年份", "取证年份", "取得时间", "发证年份"), year),
    ImportColumn("phone", PHONE, ("联系电话", "手机", "手机号码", "电话", "联系方式"), plain),
    ImportColumn("communities", COVERED, ("负责村(社区)", "负责社区", "服务村(社区)", "服务社区", "联系村(社区)",
                                          "包联村(社区)", "负责村居"), items, fields=("community_ids",)),
    ImportColumn("joined_on", JOINED, ("入职日期", "入职时间", "到岗日期"), day),
    ImportColumn("status", STATUS, ("状态", "在岗状态", "在职状态"), Choice(WORKER_STATUSES, STATUS_WORDS)),
    ImportColumn("notes", NOTES, ("备注",)),
)


@dataclass(frozen=True)
class WorkerLookups:
    communities: Communities
    certificates: dict[str, str]  # certificate number → name of the live worker holding it
    people: set[tuple[str, str, str]]  # name, employer kind and employer name of the live workers


def _lookups(session: Session) -> WorkerLookups:
    live = session.execute(select(SocialWorker.name, SocialWorker.employer_kind, SocialWorker.employer_name,
                                  SocialWorker.cert_number).where(SocialWorker.deleted_at.is_(None))).all()
    return WorkerLookups(community_ids(session), {row.cert_number: row.name for row in live if row.cert_number},
                         {(row.name, row.employer_kind, row.employer_name) for row in live})


def _build(values: dict[str, Any], lookups: WorkerLookups) -> WorkerInput:
    fields = without_masked(values, MASKABLE)
    covered = tuple(community_id(lookups.communities, name, "communities") for name in fields["communities"])
    return WorkerInput(
        fields["name"], fields["employer_kind"], fields["employment"], fields["cert_level"] or "none",
        fields["cert_number"], fields["cert_year"], fields["employer_name"], fields["gender"], fields["phone"],
        covered, None, fields["status"] or "active", fields["joined_on"], fields["notes"])


def _check(data: WorkerInput, lookups: WorkerLookups) -> None:
    holder = lookups.certificates.get(data.cert_number)
    if holder:
        raise ValidationError("cert_number", _("Certificate {number} is already registered to {name}.").format(
            number=data.cert_number, name=holder))
    if (data.name, data.employer_kind, data.employer_name) in lookups.people:
        raise ValidationError("name", _("{name} is already in the register.").format(name=data.name))


def _key(data: WorkerInput) -> object:
    """One certificate is one person's; without one, the same name at the same employer is."""
    return data.cert_number or (data.name, data.employer_kind, data.employer_name)


def _warnings(values: dict[str, Any], _data: object, lookups: WorkerLookups) -> list[tuple[str, str]]:
    return masked_warnings(values, MASKABLE) + script_warnings(lookups.communities, values, "communities")


IMPORT: ImportSpec[WorkerInput, WorkerLookups] = ImportSpec(
    TITLE, COLUMNS, _lookups, _build, _check, _key, workers.add,
    warnings=_warnings)


EXPORT: ExportSpec[WorkerQuery, WorkerView] = ExportSpec(TITLE, (
    ExportColumn(NAME, lambda v: marked_deleted(v.name, v.deleted)),
    ExportColumn(GENDER, lambda v: label(GENDERS, v.gender) if v.gender else ""),
    ExportColumn(EMPLOYER_KIND, lambda v: label(EMPLOYER_KINDS, v.employer_kind)),
    ExportColumn(EMPLOYER, lambda v: v.employer_name),
    ExportColumn(EMPLOYMENT, lambda v: label(EMPLOYMENT_KINDS, v.employment)),
    ExportColumn(LEVEL, lambda v: label(CERT_LEVELS, v.cert_level)),
    ExportColumn(CERT_NUMBER, lambda v: v.cert_number),
    ExportColumn(CERT_YEAR, lambda v: v.cert_year),
    ExportColumn(PHONE, lambda v: v.phone),  # masked by get_many unless the role may reveal
    ExportColumn(COVERED, lambda v: listing(v.communities)),
    ExportColumn(JOINED, lambda v: v.joined_on),
    ExportColumn(STATUS, lambda v: label(WORKER_STATUSES, v.status)),
    ExportColumn(NOTES, lambda v: v.notes),
), workers.list_ids, workers.get_many)
