"""The volunteer register in spreadsheets: the words station sheets use for its columns and codes
(import), and the columns it is written with (export, ID numbers always masked).

An old 15-digit ID card number is upgraded to the 18-character one with a warning. An ID number or a
phone needs the person's consent: from the row's consent columns or, for a sheet without them, from
one consent the user states for the whole file (``with_consent``); none is ever assumed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.codes import CONSENT_METHODS, GENDERS, ID_TYPES, SERVICE_CATEGORIES, VOLUNTEER_STATUSES, label
from desktop.domain.consent import Consent
from desktop.domain.simplified import simplified
from desktop.errors import ValidationError
from desktop.i18n import N_, _
from desktop.services import volunteers
from desktop.services.birth_cells import birth_date
from desktop.services.cell_lists import Choices, items
from desktop.services.cell_parsers import Choice, day, listing, plain
from desktop.services.person_cells import (BIRTH_COLUMN, BIRTH_YEAR, BIRTH_YEAR_NOTE, CONSENT_COLUMNS,
                                           CONSENT_METHOD, CONSENT_ON, GENDER, GENDER_COLUMN, ID_NUMBER_WORDS, ID_TYPE,
                                           ID_TYPE_COLUMN, PHONE_WORDS, consent_cell, id_warnings, person_id_key,
                                           person_key, row_consent, unmasked_id_number, upgraded_id)
from desktop.services.register_values import labels, marked_deleted
from desktop.services.exports import ExportColumn, ExportSpec
from desktop.services.guard import vault
from desktop.services.id_numbers import blind_of
from desktop.services.import_links import Communities, community_id, community_ids
from desktop.services.imports import ImportColumn, ImportSpec
from desktop.services.masked_cells import without_masked
from desktop.services.volunteers import VolunteerInput, VolunteerQuery, VolunteerView
from desktop.security.vault import Vault
from desktop.storage.models import Volunteer

TITLE = N_("Volunteers")
MASKABLE = ("phone",)  # a masked ID number refuses its row (person_cells.unmasked_id_number)

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

NAME, ID_NUMBER, PHONE, RESIDENCE = N_("Full name"), N_("ID number"), N_("Phone"), N_("Residence")
COMMUNITY, SKILLS, CATEGORIES, TEAMS = N_("Community"), N_("Skills"), N_("Service categories"), N_("Teams")
REGISTERED, STATUS, NOTES = N_("Registered on"), N_("Status"), N_("Notes")
GUARDIAN, RELATION = N_("Guardian"), N_("Guardian's relation")


# Keys are VolunteerInput's fields, except "community" (read by name) and the four consent columns.
COLUMNS = (
    ImportColumn("name", NAME, ("姓名", "志愿者姓名"), required=True),
    GENDER_COLUMN,
    BIRTH_COLUMN,
    ID_TYPE_COLUMN,
    ImportColumn("id_number", ID_NUMBER, ID_NUMBER_WORDS, unmasked_id_number),
    ImportColumn("phone", PHONE, PHONE_WORDS, plain),
    ImportColumn("residence", RESIDENCE, ("居住区域", "住址", "居住地址", "现住址", "家庭住址", "居住地")),
    ImportColumn("community", COMMUNITY, ("所属社区", "村(社区)", "所属村(社区)", "社区", "所在社区", "村社区"),
                 required=True, fill_down=True, fields=("community_id",)),
    ImportColumn("skills", SKILLS, ("专业技能", "特长", "技能特长", "专业特长", "技能")),
    ImportColumn("categories", CATEGORIES, ("服务类别", "服务意向", "服务类型", "志愿服务类别", "服务领域"),
                 Choices(Choice(SERVICE_CATEGORIES, CATEGORY_WORDS))),
    ImportColumn("teams", TEAMS, ("所属队伍", "志愿服务队", "服务队", "所属团队", "队伍"), items),
    ImportColumn("registered_on", REGISTERED, ("注册日期", "登记日期", "注册时间", "登记时间"), day),
    ImportColumn("status", STATUS, ("状态", "志愿者状态", "注册状态"), Choice(VOLUNTEER_STATUSES, STATUS_WORDS)),
    *CONSENT_COLUMNS,
    ImportColumn("guardian_name", GUARDIAN, ("监护人", "监护人姓名"), fields=("consent_by",)),
    ImportColumn("guardian_relation", RELATION, ("与监护人关系", "监护人关系")),
    ImportColumn("notes", NOTES, ("备注",)),
)


@dataclass(frozen=True)
class VolunteerLookups:
    communities: Communities
    by_blind: dict[str, tuple[str, str]]  # blind index of a live volunteer's ID number → name, volunteer number
    # name (in simplified characters), community id, birth date → volunteer number
    by_person: dict[tuple[str, str, date | None], str]
    keys: Vault  # for the blind index of each row's number
    consent: Consent | None  # stated by the user for the whole file (see _consent)


def _lookups(session: Session, consent: Consent | None = None) -> VolunteerLookups:
    live = session.execute(select(Volunteer.name, Volunteer.number, Volunteer.community_id, Volunteer.birth_date,
                                  Volunteer.id_blind).where(Volunteer.deleted_at.is_(None))).all()
    return VolunteerLookups(
        community_ids(session), {row.id_blind: (row.name, row.number) for row in live if row.id_blind},
        {(simplified(row.name), row.community_id, row.birth_date): row.number for row in live},
        vault(session), consent)


def _build(values: dict[str, Any], lookups: VolunteerLookups) -> VolunteerInput:
    fields = without_masked(values, MASKABLE)
    id_type = fields["id_type"] or "resident_id"
    number = upgraded_id(id_type, fields["id_number"])
    born = birth_date(fields["birth_date"], id_type, number)  # a year and month alone: the number's date
    named = bool(fields["guardian_name"] or fields["guardian_relation"])
    consent = row_consent(fields, lookups.consent, bool(number or fields["phone"]) or named)
    return VolunteerInput(
        fields["name"], community_id(lookups.communities, fields["community"], "community"), id_type, number,
        fields["gender"], born, fields["phone"], fields["residence"], fields["skills"],
        fields["categories"], fields["teams"], fields["registered_on"], fields["status"] or "active", consent,
        fields["notes"])


def _check(data: VolunteerInput, lookups: VolunteerLookups) -> None:
    """Against the register: the same ID number (through the blind index), or without one the same person."""
    if data.id_number:
        found = lookups.by_blind.get(blind_of(lookups.keys, data.id_type, data.id_number) or "")
        if found:
            raise ValidationError("id_number", _("This ID number is already registered: {name} ({number}).").format(
                name=found[0], number=found[1]))
        return
    number = lookups.by_person.get((simplified(data.name), data.community_id, data.birth_date))
    if number:
        raise ValidationError("name", _("{name} of this community is already in the register ({number}); give the ID "
                                        "number if this is another person.").format(name=data.name, number=number))


IMPORT: ImportSpec[VolunteerInput, VolunteerLookups] = ImportSpec(
    TITLE, COLUMNS, _lookups, _build, _check, person_key, volunteers.add, warnings=id_warnings(MASKABLE),
    add_many=partial(volunteers.add_many, validated=True), id_key=person_id_key)


def with_consent(consent: Consent) -> ImportSpec[VolunteerInput, VolunteerLookups]:
    """The import with ``consent`` stated by the user for the whole file, given to the rows that need one
    and record none; checked first, as the rows' consents are (one in the future is refused)."""
    consent.validated(None, date.today())
    return replace(IMPORT, lookups=partial(_lookups, consent=consent))


EXPORT: ExportSpec[VolunteerQuery, VolunteerView] = ExportSpec(TITLE, (
    ExportColumn(N_("Number"), lambda v: v.number),
    ExportColumn(NAME, lambda v: marked_deleted(v.name, v.deleted)),
    ExportColumn(GENDER, lambda v: label(GENDERS, v.gender) if v.gender else ""),
    ExportColumn(BIRTH_YEAR, lambda v: v.birth_date.year if v.birth_date else None, BIRTH_YEAR_NOTE),
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
    ExportColumn(CONSENT_ON, consent_cell(lambda c: c.given_on)),
    ExportColumn(CONSENT_METHOD, consent_cell(lambda c: label(CONSENT_METHODS, c.method))),
    ExportColumn(GUARDIAN, consent_cell(lambda c: c.guardian_name)),
    ExportColumn(RELATION, consent_cell(lambda c: c.guardian_relation)),
    ExportColumn(NOTES, lambda v: v.notes),
), volunteers.list_ids, volunteers.get_many)
