"""The register of community social organisations in spreadsheets: the words station sheets use for
its columns and codes (import), and the columns it is written with (export)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.codes import ORG_CATEGORIES, ORG_INSPECTIONS, ORG_RATINGS, ORG_STATUSES, label
from desktop.errors import ValidationError
from desktop.i18n import N_, _
from desktop.services import orgs
from desktop.services.cell_parsers import Choice, day, plain, whole_number, yes_no
from desktop.services.exports import ExportColumn, ExportSpec
from desktop.services.imports import ImportColumn, ImportSpec
from desktop.services.orgs import OrgInput, OrgView
from desktop.services.import_links import Communities, community_id, community_ids, script_warnings
from desktop.services.spreadsheet import Cell
from desktop.storage.models import SocialOrg

TITLE = N_("Community social organisations")

CATEGORY_WORDS = {
    "服务类": "service", "生活服务类": "service", "社区服务类": "service", "服务": "service",
    "公益慈善类": "charity", "慈善类": "charity", "公益类": "charity", "公益慈善": "charity",
    "互助类": "mutual_aid", "互助": "mutual_aid",
    "文体类": "culture_sports", "文体活动类": "culture_sports", "文化体育类": "culture_sports",
    "文体娱乐类": "culture_sports", "文体": "culture_sports",
    "治理类": "governance", "社区治理类": "governance", "治理": "governance",
    "其他": "other", "其它": "other", "其他类": "other",
}
STATUS_WORDS = {
    "登记": "registered", "已登记": "registered", "注册": "registered", "已注册": "registered",
    "备案": "filed", "已备案": "filed",
    "培育中": "incubating", "培育": "incubating", "孵化中": "incubating", "孵化": "incubating",
}
INSPECTION_WORDS = {
    "合格": "qualified", "年检合格": "qualified",
    "基本合格": "basically_qualified", "年检基本合格": "basically_qualified",
    "不合格": "unqualified", "年检不合格": "unqualified",
    "未参检": "not_inspected", "未参加年检": "not_inspected", "未年检": "not_inspected", "未检": "not_inspected",
}
# 5A, AAAAA, 5A级, AAAAA级, 五A级 and the like for each grade; "未评估" for none.
_GRADES = {"5A": ("5", "五"), "4A": ("4", "四"), "3A": ("3", "三"), "2A": ("2", "二"), "1A": ("1", "一")}
RATING_WORDS = {
    **{word + suffix: code for code, (digit, numeral) in _GRADES.items()
       for word in (f"{digit}A", "A" * int(digit), f"{numeral}A") for suffix in ("", "级")},
    "未评估": "none", "未评级": "none", "未参评": "none", "无等级": "none",
}


def postcode(cell: Cell) -> str:
    """A postcode as written; in a number cell, with the leading zeros the spreadsheet dropped (10010 → 010010)."""
    written = plain(cell)
    if isinstance(cell, int | float) and not isinstance(cell, bool) and written.isdigit():
        return written.zfill(6)
    return written


# Keys are OrgInput's fields, except "community", which is read by name and becomes community_id.
COLUMNS = (
    ImportColumn("name", N_("Name"), ("名称", "组织名称", "社会组织名称", "组织全称"), required=True),
    ImportColumn("community", N_("Community"), ("所属社区", "社区", "村(社区)", "所属村(社区)", "所在社区", "村社区"),
                 required=True, fill_down=True, fields=("community_id",)),
    ImportColumn("category", N_("Category"), ("类别", "类型", "组织类别", "组织类型"), Choice(ORG_CATEGORIES, CATEGORY_WORDS),
                 required=True),
    ImportColumn("status", N_("Status"), ("状态", "登记状态", "登记备案状态", "登记/备案"), Choice(ORG_STATUSES, STATUS_WORDS),
                 required=True),
    ImportColumn("credit_code", N_("Credit code"), ("统一社会信用代码", "信用代码", "社会信用代码"), plain),
    ImportColumn("founded_on", N_("Founded"), ("成立时间", "成立日期"), day),
    ImportColumn("leader", N_("Leader"), ("负责人", "负责人姓名")),
    ImportColumn("leader_phone", N_("Leader's phone"), ("联系电话", "负责人电话", "手机", "手机号码", "联系方式"), plain,
                 fields=("phone",)),
    ImportColumn("members", N_("Members"), ("成员数", "人数", "成员人数"), whole_number),
    ImportColumn("party_branch", N_("Party branch"), ("是否有党组织", "党支部", "党组织", "是否建立党组织"), yes_no),
    ImportColumn("brand", N_("Brand organisation"), ("品牌", "品牌组织", "品牌社会组织", "是否品牌组织"), yes_no),
    ImportColumn("notes", N_("Notes"), ("备注",)),
    # What a proposal's basic table asks of the applicant; older sheets have none of it.
    ImportColumn("address", N_("Mailing address"), ("通讯地址", "地址", "办公地址")),
    ImportColumn("postcode", N_("Postcode"), ("邮政编码", "邮编"), postcode),
    ImportColumn("inspection", N_("Annual inspection"), ("年检结论", "年检", "年度年检结论"),
                 Choice(ORG_INSPECTIONS, INSPECTION_WORDS)),
    ImportColumn("rating", N_("Evaluation rating"), ("评估等级", "等级"), Choice(ORG_RATINGS, RATING_WORDS)),
    ImportColumn("profile", N_("Organisation profile"), ("单位简介", "机构简介", "简介")),
)


@dataclass(frozen=True)
class OrgLookups:
    communities: Communities
    registered: set[tuple[str, str]]  # (name, community id) of the live organisations


def _lookups(session: Session) -> OrgLookups:
    registered = session.execute(select(SocialOrg.name, SocialOrg.community_id).where(SocialOrg.deleted_at.is_(None)))
    return OrgLookups(community_ids(session), {(n, c) for n, c in registered})


def _build(values: dict[str, Any], lookups: OrgLookups) -> OrgInput:
    fields = dict(values)
    return OrgInput(community_id=community_id(lookups.communities, fields.pop("community"), "community"), **fields)


def _check(data: OrgInput, lookups: OrgLookups) -> None:
    if (data.name, data.community_id) in lookups.registered:
        raise ValidationError("name", _("{name} is already registered in this community.").format(name=data.name))


IMPORT: ImportSpec[OrgInput, OrgLookups] = ImportSpec(
    TITLE, COLUMNS, _lookups, _build, _check, key=lambda data: (data.name, data.community_id), add=orgs.add,
    add_many=partial(orgs.add_many, validated=True),
    warnings=lambda values, _data, lookups: script_warnings(lookups.communities, values, "community"))


def yes_or_no(value: bool) -> str:
    return _("Yes") if value else _("No")


EXPORT: ExportSpec[orgs.OrgQuery, OrgView] = ExportSpec(TITLE, (
    ExportColumn(N_("Name"), lambda v: v.name + (_(" (deleted)") if v.deleted else "")),
    ExportColumn(N_("Community"), lambda v: v.community),
    ExportColumn(N_("Category"), lambda v: label(ORG_CATEGORIES, v.category)),
    ExportColumn(N_("Status"), lambda v: label(ORG_STATUSES, v.status)),
    ExportColumn(N_("Credit code"), lambda v: v.credit_code),
    ExportColumn(N_("Founded"), lambda v: v.founded_on),
    ExportColumn(N_("Mailing address"), lambda v: v.address),
    ExportColumn(N_("Postcode"), lambda v: v.postcode),
    ExportColumn(N_("Annual inspection"), lambda v: label(ORG_INSPECTIONS, v.inspection)),
    ExportColumn(N_("Evaluation rating"), lambda v: label(ORG_RATINGS, v.rating)),
    ExportColumn(N_("Leader"), lambda v: v.leader),
    ExportColumn(N_("Leader's phone"), lambda v: v.leader_phone),  # masked by get_many unless the role may reveal
    ExportColumn(N_("Members"), lambda v: v.members),
    ExportColumn(N_("Party branch"), lambda v: yes_or_no(v.party_branch)),
    ExportColumn(N_("Brand organisation"), lambda v: yes_or_no(v.brand)),
    ExportColumn(N_("Notes"), lambda v: v.notes),
    ExportColumn(N_("Organisation profile"), lambda v: v.profile),
), orgs.list_ids, orgs.get_many)
