"""The volunteer register in spreadsheets: the words station sheets use for its columns and codes
(import), and the columns it is written with (export, ID numbers always masked).

An old 15-digit ID card number is upgraded to the 18-character one with a warning. An ID number or a
phone needs the person's consent: from the row's consent columns or, for a sheet without them, from
one consent the user states for the whole file (``with_consent``); none is ever assumed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.codes import CONSENT_METHODS, GENDERS, ID_TYPES, SERVICE_CATEGORIES, VOLUNTEER_STATUSES, label
from desktop.domain.consent import Consent
from desktop.domain.id_documents import blind_key, mask_id_number
from desktop.domain.identity import upgrade_legacy_id
from desktop.errors import ValidationError
from desktop.i18n import N_, _
from desktop.services import volunteers
from desktop.services.cell_lists import Choices, items
from desktop.services.cell_parsers import Choice, day, listing, plain
from desktop.services.register_values import labels, marked_deleted
from desktop.services.exports import ExportColumn, ExportSpec
from desktop.services.guard import vault
from desktop.services.import_links import community_id, community_ids
from desktop.services.imports import ImportColumn, ImportSpec
from desktop.services.masked_cells import masked_warnings, without_masked
from desktop.services.spreadsheet import Cell
from desktop.services.volunteers import VolunteerInput, VolunteerQuery, VolunteerView
from desktop.storage.models import Volunteer

TITLE = N_("Volunteers")
LEGACY_ID = re.compile(r"[0-9]{15}")
EXCEL_DIGITS = 15  # a number cell keeps no more significant digits than this
MASKABLE = ("id_number", "phone")

GENDER_WORDS = {"男": "male", "男性": "male", "女": "female", "女性": "female"}
ID_TYPE_WORDS = {
    "身份证": "resident_id", "居民身份证": "resident_id", "二代身份证": "resident_id",
    "港澳居民来往内地通行证": "hk_macau", "回乡证": "hk_macau", "港澳居民居住证": "hk_macau",
    "台湾居民来往大陆通行证": "taiwan", "台胞证": "taiwan", "台湾居民居住证": "taiwan",
    "护照": "passport", "外国人护照": "passport",
    "其他": "other", "其它": "other", "其他证件": "other",
}
STATUS_WORDS = {"在册": "active", "正常": "active", "已注册": "active", "暂停": "paused", "暂停服务": "paused",
                "注销": "left", "已注销": "left", "退出": "left"}
CATEGORY_WORDS = {
    "扶老助残": "elderly_disabled", "助老助残": "elderly_disabled", "为老服务": "elderly_disabled",
    "助老": "elderly_disabled", "助残": "elderly_disabled", "敬老助老": "elderly_disabled",
    "关爱儿童": "children", "儿童关爱": "children", "关爱未成年人": "children", "关爱留守儿童": "children",
    "儿童服务": "children",
    "社区治理": "governance", "基层治理": "governance",
    "环境保护": "environment", "环保": "environment", "生态环保": "environment",
    "文化体育": "culture_sports", "文体": "culture_sports", "文体活动": "culture_sports",
    "应急救援": "emergency", "应急": "emergency", "抢险救灾": "emergency", "防灾减灾": "emergency",
    "法律服务": "legal", "法律援助": "legal", "普法": "legal",
    "医疗卫生": "health", "卫生健康": "health", "医疗健康": "health", "医疗": "health",
    "其他": "other", "其它": "other",
}
METHOD_WORDS = {"书面": "written", "书面同意": "written", "签字": "written", "签署知情同意书": "written",
                "纸质": "written", "口头": "oral", "口头同意": "oral", "电子": "electronic",
                "电子签名": "electronic", "线上": "electronic", "网上": "electronic"}

NAME, GENDER, BIRTH, ID_TYPE = N_("Full name"), N_("Gender"), N_("Birth date"), N_("ID type")
ID_NUMBER, PHONE, RESIDENCE, COMMUNITY = N_("ID number"), N_("Phone"), N_("Residence"), N_("Community")
SKILLS, CATEGORIES, TEAMS, REGISTERED = N_("Skills"), N_("Service categories"), N_("Teams"), N_("Registered on")
STATUS, CONSENT_ON, CONSENT_METHOD = N_("Status"), N_("Consent date"), N_("Consent method")
GUARDIAN, RELATION, NOTES = N_("Guardian"), N_("Guardian's relation"), N_("Notes")


def id_number(cell: Cell) -> str:
    """The number as text. A long number in a number cell has lost its last digits to Excel's precision."""
    if isinstance(cell, int | float) and not isinstance(cell, bool) and abs(cell) >= 10 ** EXCEL_DIGITS:
        raise ValidationError("", _("The sheet keeps this ID number as a number, which has lost its last digits; "
                                    "format the column as text and enter the number again."))
    return plain(cell)


# Keys are VolunteerInput's fields, except "community" (read by name) and the four consent columns.
COLUMNS = (
    ImportColumn("name", NAME, ("姓名", "志愿者姓名"), required=True),
    ImportColumn("gender", GENDER, ("性别",), Choice(GENDERS, GENDER_WORDS)),
    ImportColumn("birth_date", BIRTH, ("出生日期", "出生年月日", "生日"), day),
    ImportColumn("id_type", ID_TYPE, ("证件类型", "证件类别"), Choice(ID_TYPES, ID_TYPE_WORDS)),
    ImportColumn("id_number", ID_NUMBER, ("身份证号", "身份证号码", "公民身份号码", "证件号码", "证件号", "身份证"),
                 id_number),
    ImportColumn("phone", PHONE, ("联系电话", "手机", "手机号", "手机号码", "电话", "联系方式"), plain),
    ImportColumn("residence", RESIDENCE, ("居住区域", "住址", "居住地址", "现住址", "家庭住址", "居住地")),
    ImportColumn("community", COMMUNITY, ("所属社区", "村(社区)", "所属村(社区)", "社区", "所在社区", "村社区"),
                 required=True, fill_down=True, fields=("community_id",)),
    ImportColumn("skills", SKILLS, ("专业技能", "特长", "技能特长", "专业特长", "技能")),
    ImportColumn("categories", CATEGORIES, ("服务类别", "服务意向", "服务类型", "志愿服务类别", "服务领域"),
                 Choices(Choice(SERVICE_CATEGORIES, CATEGORY_WORDS))),
    ImportColumn("teams", TEAMS, ("所属队伍", "志愿服务队", "服务队", "所属团队", "队伍"), items),
    ImportColumn("registered_on", REGISTERED, ("注册日期", "登记日期", "注册时间", "登记时间"), day),
    ImportColumn("status", STATUS, ("状态", "志愿者状态", "注册状态"), Choice(VOLUNTEER_STATUSES, STATUS_WORDS)),
    ImportColumn("consent_on", CONSENT_ON, ("知情同意日期", "同意日期", "知情同意书签署日期"), day),
    ImportColumn("consent_method", CONSENT_METHOD, ("同意方式", "知情同意方式"), Choice(CONSENT_METHODS, METHOD_WORDS)),
    ImportColumn("guardian_name", GUARDIAN, ("监护人", "监护人姓名"), fields=("consent_by",)),
    ImportColumn("guardian_relation", RELATION, ("与监护人关系", "监护人关系")),
    ImportColumn("notes", NOTES, ("备注",)),
)


@dataclass(frozen=True)
class VolunteerLookups:
    communities: dict[str, str]  # folded name → id, live communities only
    by_blind: dict[str, tuple[str, str]]  # blind index of a live volunteer's ID number → name, volunteer number
    by_person: dict[tuple[str, str, date | None], str]  # name, community id, birth date → volunteer number
    blind: Callable[[str, str], str]  # (ID type, number) → its blind index
    consent: Consent | None  # stated by the user for the whole file (see _consent)


def _lookups(session: Session, consent: Consent | None = None) -> VolunteerLookups:
    live = session.execute(select(Volunteer.name, Volunteer.number, Volunteer.community_id, Volunteer.birth_date,
                                  Volunteer.id_blind).where(Volunteer.deleted_at.is_(None))).all()
    keys = vault(session)
    return VolunteerLookups(
        community_ids(session), {row.id_blind: (row.name, row.number) for row in live if row.id_blind},
        {(row.name, row.community_id, row.birth_date): row.number for row in live},
        lambda id_type, number: keys.blind(volunteers.BLIND, blind_key(id_type, number)), consent)


def _consent(values: dict[str, Any], stated: Consent | None, sensitive: bool) -> Consent | None:
    """The row's own consent when it gives a date; else, where the row needs one (an ID number or a
    phone) or names a guardian, the one stated for the file; else none."""
    given_on, method = values["consent_on"], values["consent_method"]
    guardian, relation = values["guardian_name"], values["guardian_relation"]
    named = bool(guardian or relation)
    if given_on is None:
        if method:
            raise ValidationError("consent_on", _("Enter the date of this consent."))
        if stated is not None and (sensitive or named):
            given_on, method = stated.given_on, stated.method
        elif named:
            raise ValidationError("consent_on", _("A guardian is named but no consent is recorded: enter the date "
                                                  "and method of the guardian's consent."))
        elif sensitive:
            raise ValidationError("consent_on", _("An ID number or phone needs the person's consent: give its date "
                                                  "and method in the sheet, or state one consent for the whole file."))
        else:
            return None
    return Consent(given_on, method, "guardian" if named else "self", guardian, relation)


def _build(values: dict[str, Any], lookups: VolunteerLookups) -> VolunteerInput:
    fields = without_masked(values, MASKABLE)
    id_type = fields["id_type"] or "resident_id"
    number = fields["id_number"]
    if id_type == "resident_id" and LEGACY_ID.fullmatch(number):
        number = upgrade_legacy_id(number)
    consent = _consent(fields, lookups.consent, bool(number or fields["phone"]))
    return VolunteerInput(
        fields["name"], community_id(lookups.communities, fields["community"], "community"), id_type, number,
        fields["gender"], fields["birth_date"], fields["phone"], fields["residence"], fields["skills"],
        fields["categories"], fields["teams"], fields["registered_on"], fields["status"] or "active", consent,
        fields["notes"])


def _check(data: VolunteerInput, lookups: VolunteerLookups) -> None:
    """Against the register: the same ID number (through the blind index), or without one the same person."""
    if data.id_number:
        found = lookups.by_blind.get(lookups.blind(data.id_type, data.id_number))
        if found:
            raise ValidationError("id_number", _("This ID number is already registered: {name} ({number}).").format(
                name=found[0], number=found[1]))
        return
    number = lookups.by_person.get((data.name, data.community_id, data.birth_date))
    if number:
        raise ValidationError("name", _("{name} of this community is already in the register ({number}); give the ID "
                                        "number if this is another person.").format(name=data.name, number=number))


def _key(data: VolunteerInput) -> tuple[object, ...]:
    """Two rows with one ID number are one person; without one, the same name, community and birth date."""
    if data.id_number:
        return "id", data.id_type, data.id_number
    return "person", data.name, data.community_id, data.birth_date


def _warnings(values: dict[str, Any], data: VolunteerInput) -> list[tuple[str, str]]:
    found = masked_warnings(values, MASKABLE)
    if data.id_type == "resident_id" and LEGACY_ID.fullmatch(values["id_number"]):
        found.append(("id_number", _("An old 15-digit ID card number, upgraded to the 18-character number "
                                     "{number}.").format(number=mask_id_number(data.id_number or ""))))
    return found


IMPORT: ImportSpec[VolunteerInput, VolunteerLookups] = ImportSpec(
    TITLE, COLUMNS, _lookups, _build, _check, _key, volunteers.add, warnings=_warnings,
    add_many=partial(volunteers.add_many, validated=True))


def with_consent(consent: Consent) -> ImportSpec[VolunteerInput, VolunteerLookups]:
    """The import with ``consent`` stated by the user for the whole file, given to the rows that need one
    and record none; checked first, as the rows' consents are (one in the future is refused)."""
    consent.validated(None, date.today())
    return replace(IMPORT, lookups=partial(_lookups, consent=consent))


def _consent_cell(pick: Callable[[Consent], Any]) -> Callable[[VolunteerView], Any]:
    return lambda v: pick(v.consent) if v.consent else None


EXPORT: ExportSpec[VolunteerQuery, VolunteerView] = ExportSpec(TITLE, (
    ExportColumn(N_("Number"), lambda v: v.number),
    ExportColumn(NAME, lambda v: marked_deleted(v.name, v.deleted)),
    ExportColumn(GENDER, lambda v: label(GENDERS, v.gender) if v.gender else ""),
    ExportColumn(BIRTH, lambda v: v.birth_date),
    ExportColumn(ID_TYPE, lambda v: label(ID_TYPES, v.id_type)),
    ExportColumn(ID_NUMBER, lambda v: v.id_masked),  # masked for every role: the full number is an audited reveal
    ExportColumn(PHONE, lambda v: v.phone),  # masked by get_many unless the role may reveal
    ExportColumn(RESIDENCE, lambda v: v.residence),
    ExportColumn(COMMUNITY, lambda v: v.community),
    ExportColumn(SKILLS, lambda v: v.skills),
    ExportColumn(CATEGORIES, lambda v: labels(SERVICE_CATEGORIES, v.categories)),
    ExportColumn(TEAMS, lambda v: listing(v.teams)),
    ExportColumn(REGISTERED, lambda v: v.registered_on),
    ExportColumn(STATUS, lambda v: label(VOLUNTEER_STATUSES, v.status)),
    ExportColumn(CONSENT_ON, _consent_cell(lambda c: c.given_on)),
    ExportColumn(CONSENT_METHOD, _consent_cell(lambda c: label(CONSENT_METHODS, c.method))),
    ExportColumn(GUARDIAN, _consent_cell(lambda c: c.guardian_name)),
    ExportColumn(RELATION, _consent_cell(lambda c: c.guardian_relation)),
    ExportColumn(NOTES, lambda v: v.notes),
), volunteers.list_ids, volunteers.get_many)
