"""The register of charity resources in spreadsheets: the words station sheets use for its columns
and codes (import; what a donor offers is a list in one cell, 资金、物资), and its export columns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.codes import DONOR_KINDS, OFFER_KINDS, label
from desktop.errors import ValidationError
from desktop.i18n import N_, _
from desktop.services import donors
from desktop.services.cell_lists import Choices
from desktop.services.cell_parsers import Choice, day, plain
from desktop.services.donors import DonorInput, DonorQuery, DonorView
from desktop.services.register_values import labels, marked_deleted
from desktop.services.exports import ExportColumn, ExportSpec
from desktop.services.import_links import Communities, community_id, community_ids, script_warnings
from desktop.services.imports import ImportColumn, ImportSpec
from desktop.services.masked_cells import masked_warnings, without_masked
from desktop.storage.models import Donor

TITLE = N_("Donors and partners")
MASKABLE = ("phone", "address")

KIND_WORDS = {
    "企业": "enterprise", "爱心企业": "enterprise", "公司": "enterprise", "民营企业": "enterprise",
    "国有企业": "enterprise",
    "驻区单位": "unit", "单位": "unit", "机关事业单位": "unit", "机关单位": "unit", "事业单位": "unit",
    "个人": "individual", "爱心人士": "individual", "居民": "individual",
    "基金会": "foundation", "慈善组织": "foundation", "慈善会": "foundation", "公益基金会": "foundation",
    "其他": "other", "其它": "other",
}
OFFER_WORDS = {
    "资金": "money", "捐款": "money", "善款": "money", "现金": "money",
    "物资": "goods", "实物": "goods",
    "场地": "venue", "场所": "venue", "活动场地": "venue",
    "专业服务": "professional", "专业技术服务": "professional",
    "志愿服务": "volunteer", "志愿者": "volunteer",
}

NAME, KIND, COMMUNITY, CREDIT_CODE = N_("Name"), N_("Kind"), N_("Community"), N_("Credit code")
CONTACT, PHONE, ADDRESS, OFFERS = N_("Contact person"), N_("Phone"), N_("Address"), N_("Offers")
OFFER_NOTES, FIRST_CONTACT, NOTES = N_("Offer details"), N_("First contact"), N_("Notes")

# Keys are DonorInput's fields, except "community", which is read by name and becomes community_id.
COLUMNS = (
    ImportColumn("name", NAME, ("名称", "捐赠方", "捐赠方名称", "捐赠人", "资源方", "单位名称", "姓名/名称"),
                 required=True),
    ImportColumn("kind", KIND, ("类别", "类型", "捐赠方类型", "捐赠方类别"), Choice(DONOR_KINDS, KIND_WORDS),
                 required=True),
    ImportColumn("community", COMMUNITY, ("所属社区", "村(社区)", "所属村(社区)", "所在社区", "社区"),
                 fields=("community_id",)),
    ImportColumn("credit_code", CREDIT_CODE, ("统一社会信用代码", "信用代码", "社会信用代码"), plain),
    ImportColumn("contact_person", CONTACT, ("联系人", "联系人姓名")),
    ImportColumn("phone", PHONE, ("联系电话", "电话", "手机", "手机号码", "联系方式"), plain),
    ImportColumn("address", ADDRESS, ("地址", "联系地址", "单位地址", "住址")),
    ImportColumn("offers", OFFERS, ("可提供资源", "提供内容", "可提供内容", "资源类型", "资源类别", "捐赠内容"),
                 Choices(Choice(OFFER_KINDS, OFFER_WORDS))),
    ImportColumn("offer_notes", OFFER_NOTES, ("资源说明", "资源描述", "具体内容", "资源详情")),
    ImportColumn("first_contact_on", FIRST_CONTACT, ("首次联系日期", "首次联系时间", "初次联系日期"), day),
    ImportColumn("notes", NOTES, ("备注",)),
)


@dataclass(frozen=True)
class DonorLookups:
    communities: Communities
    registered: set[tuple[str, str]]  # name and kind of the live donors
    codes: dict[str, str]  # credit code → name of the live donor holding it
    # credit code → name and kind of the first row checked with it: a code is one donor's, also in a sheet
    claimed: dict[str, tuple[str, str]] = field(default_factory=dict)


def _lookups(session: Session) -> DonorLookups:
    live = session.execute(select(Donor.name, Donor.kind, Donor.credit_code).where(Donor.deleted_at.is_(None))).all()
    return DonorLookups(community_ids(session), {(row.name, row.kind) for row in live},
                        {row.credit_code: row.name for row in live if row.credit_code})


def _build(values: dict[str, Any], lookups: DonorLookups) -> DonorInput:
    fields = without_masked(values, MASKABLE)
    community = fields.pop("community")
    return DonorInput(community_id=community_id(lookups.communities, community, "community") if community else None,
                      **fields)


def _check(data: DonorInput, lookups: DonorLookups) -> None:
    if (data.name, data.kind) in lookups.registered:
        raise ValidationError("name", _("{name} is already in the register.").format(name=data.name))
    if not data.credit_code:
        return
    holder = lookups.codes.get(data.credit_code)
    if holder:
        raise ValidationError("credit_code", _("This credit code is already registered to {name}.").format(
            name=holder))
    claimant = lookups.claimed.setdefault(data.credit_code, (data.name, data.kind))
    if claimant != (data.name, data.kind):  # the same donor twice is reported as a repeated row
        raise ValidationError("credit_code", _("This credit code is also given to {name} in this sheet.").format(
            name=claimant[0]))


def _warnings(values: dict[str, Any], _data: object, lookups: DonorLookups) -> list[tuple[str, str]]:
    return masked_warnings(values, MASKABLE) + script_warnings(lookups.communities, values, "community")


IMPORT: ImportSpec[DonorInput, DonorLookups] = ImportSpec(
    TITLE, COLUMNS, _lookups, _build, _check, key=lambda data: (data.name, data.kind), add=donors.add,
    warnings=_warnings)


EXPORT: ExportSpec[DonorQuery, DonorView] = ExportSpec(TITLE, (
    ExportColumn(NAME, lambda v: marked_deleted(v.name, v.deleted)),
    ExportColumn(KIND, lambda v: label(DONOR_KINDS, v.kind)),
    ExportColumn(COMMUNITY, lambda v: v.community),
    ExportColumn(CREDIT_CODE, lambda v: v.credit_code),
    ExportColumn(CONTACT, lambda v: v.contact_person),
    ExportColumn(PHONE, lambda v: v.phone),  # phone and address masked by get_many unless the role may reveal
    ExportColumn(ADDRESS, lambda v: v.address),
    ExportColumn(OFFERS, lambda v: labels(OFFER_KINDS, v.offers)),
    ExportColumn(OFFER_NOTES, lambda v: v.offer_notes),
    ExportColumn(FIRST_CONTACT, lambda v: v.first_contact_on),
    ExportColumn(NOTES, lambda v: v.notes),
), donors.list_ids, donors.get_many)
