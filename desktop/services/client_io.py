"""The client register (服务对象) in spreadsheets: the words station sheets use for its columns and target
groups (import), and the columns it is written with (export: the clients as the screen's list shows
them, ``client_listing``: ID numbers, phones and addresses masked for every role, no notes). A masked
number with its birth date in the clear gives the number away (the station's division code, the date,
the four digits shown and the check digit are all of it), so the export gives the year of birth only,
and a note on its header says why.

Within the file, two rows with one ID number (an old 15-digit one and its upgrade included) are one
person. Against the register, an ID number another client has is an error; without an ID number, the
same name, birth date and community is one too (nothing tells them apart), while the same name and
birth date elsewhere is a warning, as the form warns. Consent is read as for volunteers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.codes import CONSENT_METHODS, GENDERS, ID_TYPES, TARGET_GROUPS, label
from desktop.domain.consent import Consent
from desktop.domain.permissions import Action
from desktop.domain.simplified import simplified
from desktop.errors import ValidationError
from desktop.i18n import N_, _
from desktop.services import client_listing, clients
from desktop.services.birth_cells import birth_date
from desktop.services.cell_lists import items
from desktop.services.cell_parsers import Choice, day, plain
from desktop.services.client_input import SEALED_LABELS, built, refused_with_the_rest, sealed_given
from desktop.services.clients import ClientInput, ClientQuery, ClientView, DuplicateClient, NewClient
from desktop.services.exports import ExportColumn, ExportSpec
from desktop.services.guard import require, vault
from desktop.services.import_links import Communities, community_id, community_ids
from desktop.services.imports import ImportColumn, ImportSpec
from desktop.services.masked_cells import without_masked
from desktop.services.person_cells import (BIRTH_COLUMN, BIRTH_YEAR, BIRTH_YEAR_NOTE, CONSENT_COLUMNS,
                                           CONSENT_METHOD, CONSENT_ON, GENDER, GENDER_COLUMN, ID_NUMBER_WORDS, ID_TYPE,
                                           ID_TYPE_COLUMN, PHONE_WORDS, consent_cell, id_warnings, person_id_key,
                                           person_key, row_consent, unmasked_id_number, upgraded_id)
from desktop.services.register_values import labels, marked_deleted
from desktop.services.spreadsheet import Cell
from desktop.security.vault import Vault
from desktop.storage.models import Client, Community

TITLE = N_("Clients")
MASKABLE = ("phone", "address", "guardian_phone")  # a masked ID number refuses its row (unmasked_id_number)

GROUP_WORDS = {
    "独居/空巢老人": "elderly_alone", "独居老人": "elderly_alone", "空巢老人": "elderly_alone", "独居": "elderly_alone",
    "空巢": "elderly_alone", "孤寡老人": "elderly_alone",
    "留守儿童": "left_behind_child", "农村留守儿童": "left_behind_child",
    "困境儿童": "child_in_difficulty", "事实无人抚养儿童": "child_in_difficulty",
    "残疾人": "disabled", "残疾": "disabled", "残障人士": "disabled",
    "低保": "dibao", "低保户": "dibao", "低保对象": "dibao", "低保家庭": "dibao", "最低生活保障": "dibao",
    "特困": "tekun", "特困人员": "tekun", "特困供养": "tekun", "五保": "tekun", "五保户": "tekun",
    "优抚对象": "youfu", "优抚": "youfu", "退役军人": "youfu",
    "其他": "other", "其它": "other",
}
GROUPS = Choice(TARGET_GROUPS, GROUP_WORDS)

NAME, ID_NUMBER, PHONE, ADDRESS = N_("Full name"), N_("ID card number"), N_("Contact phone"), N_("Home address")
COMMUNITY, GROUP_LABEL, REGISTERED = N_("Home village or community"), N_("Target groups"), N_("Registration date")
GUARDIAN, RELATION, GUARDIAN_PHONE = N_("Guardian"), N_("Guardian's relation to the client"), N_("Guardian's phone")
NOTES = N_("Notes")


def target_groups(cell: Cell) -> tuple[str, ...]:
    """Several groups in a cell, split as other lists are and also at a slash ("低保/残疾人"), but not
    inside a group named with one ("独居/空巢老人")."""
    codes: list[str] = []
    for item in items(cell):
        try:
            codes.append(GROUPS(item))
        except ValidationError:
            if "/" not in item:
                raise
            codes.extend(GROUPS(part) for part in item.split("/") if part.strip())
    return tuple(dict.fromkeys(codes))


# Keys are ClientInput's fields, except "community" (read by name) and the two consent columns.
COLUMNS = (
    ImportColumn("name", NAME, ("姓名", "服务对象姓名", "服务对象", "对象姓名"), required=True),
    GENDER_COLUMN,
    ID_TYPE_COLUMN,
    ImportColumn("id_number", ID_NUMBER, ID_NUMBER_WORDS, unmasked_id_number),
    BIRTH_COLUMN,
    ImportColumn("phone", PHONE, PHONE_WORDS, plain),
    ImportColumn("address", ADDRESS, ("家庭住址", "住址", "现住址", "居住地址", "家庭地址", "地址")),
    ImportColumn("community", COMMUNITY, ("所属村社区", "所属村(社区)", "村(社区)", "所属社区", "社区", "村社区",
                                          "所在村(社区)", "村/社区"),
                 required=True, fill_down=True, fields=("community_id",)),
    ImportColumn("target_groups", GROUP_LABEL,
                 ("服务对象类别", "对象类别", "人员类别", "服务对象类型", "类别", "困难类型"), target_groups),
    ImportColumn("guardian_name", GUARDIAN, ("监护人", "监护人姓名"), fields=("consent_by",)),
    ImportColumn("guardian_relation", RELATION, ("监护人关系", "与监护人关系", "监护人与本人关系")),
    ImportColumn("guardian_phone", GUARDIAN_PHONE, ("监护人电话", "监护人联系电话", "监护人手机"), plain),
    ImportColumn("registered_on", REGISTERED, ("登记日期", "建档日期", "登记时间", "建档时间"), day),
    *CONSENT_COLUMNS,
    ImportColumn("notes", NOTES, ("备注",)),
)


@dataclass(frozen=True)
class ClientLookups:
    communities: Communities
    by_blind: dict[str, tuple[str, str]]  # blind index of a live client's ID number → id, name
    # name (in simplified characters), birth date → [(community id, its name, the name as stored)]
    by_person: dict[tuple[str, date], list[tuple[str, str, str]]]
    # name (in simplified characters), community id → [(whether an ID number is on file, birth date)]
    in_place: dict[tuple[str, str], list[tuple[bool, date | None]]]
    keys: Vault  # for the blind index of each row's number
    consent: Consent | None  # stated by the user for the whole file


def _lookups(session: Session, consent: Consent | None = None) -> ClientLookups:
    require(session, Action.VIEW_CASES)  # the report names the clients a row repeats
    live = session.execute(select(Client.id, Client.name, Client.birth_date, Client.id_blind, Community.id,
                                  Community.name).join(Community, Client.community_id == Community.id)
                           .where(Client.deleted_at.is_(None))).all()
    by_person: dict[tuple[str, date], list[tuple[str, str, str]]] = {}
    in_place: dict[tuple[str, str], list[tuple[bool, date | None]]] = {}
    for _id, name, birth, blind, community_id_, community in live:
        if birth is not None:
            by_person.setdefault((simplified(name), birth), []).append((community_id_, community, name))
        in_place.setdefault((simplified(name), community_id_), []).append((blind is not None, birth))
    return ClientLookups(community_ids(session), {blind: (id_, name) for id_, name, _b, blind, _c, _n in live if blind},
                         by_person, in_place, vault(session), consent)


def _build(values: dict[str, Any], lookups: ClientLookups) -> ClientInput:
    fields = without_masked(values, MASKABLE)
    id_type = fields["id_type"] or "resident_id"
    number = upgraded_id(id_type, fields["id_number"])
    born = birth_date(fields["birth_date"], id_type, number)  # a year and month alone: the number's date
    community = community_id(lookups.communities, fields["community"], "community")

    def client(consent: Consent | None) -> ClientInput:
        return built(
            name=fields["name"], community_id=community, id_type=id_type, id_number=number, gender=fields["gender"],
            birth_date=born, phone=fields["phone"], address=fields["address"], target_groups=fields["target_groups"],
            guardian_name=fields["guardian_name"], guardian_relation=fields["guardian_relation"],
            guardian_phone=fields["guardian_phone"], consent=consent, notes=fields["notes"],
            registered_on=fields["registered_on"], members=())

    # every sealed field needs the consent, as in the form
    given = sealed_given(number, fields["phone"], fields["address"], fields["guardian_phone"], fields["notes"])
    try:
        consent = row_consent(fields, lookups.consent, bool(given), [SEALED_LABELS[field] for field in given])
    except ValidationError as refused:  # a minor's missing guardian, say, is reported with it
        raise refused_with_the_rest(client(None), refused) from None
    return client(consent)


def _prepare(data: ClientInput, lookups: ClientLookups) -> NewClient:
    return clients.new_client(lookups.keys, data)


def _check(client: NewClient, lookups: ClientLookups) -> Iterable[tuple[str, str]]:
    """Against the register (names in simplified characters: 陳麗華 is 陈丽华): the same ID number is an error; so is
    a row without an ID number naming a client of its village or community whom nothing on file tells apart from
    it (no birth date on the row, or the same one) — a file exported and imported again would register them
    twice. The same name and birth date elsewhere warns, as does a client of the village of that name with no ID
    number on file (nor a birth date telling them apart)."""
    data = client.data
    if data.id_number:
        holder = lookups.by_blind.get(client.blind or "")
        if holder is not None:
            raise DuplicateClient(*holder, data.id_number)
    name = simplified(data.name)
    same_place = lookups.in_place.get((name, data.community_id), [])
    if not data.id_number and data.birth_date is None and same_place:  # at the number: what would tell them apart
        raise ValidationError("id_number", _("{name} is already a client of this village or community; give the ID number "
                                        "or the birth date if this is another person.").format(name=data.name))
    namesakes = lookups.by_person.get((name, data.birth_date), []) if data.birth_date is not None else []
    if not data.id_number and any(community == data.community_id for community, _place, _name in namesakes):
        raise ValidationError("name", _("{name}, born {date}, is already a client of this village or community; give "
                                        "the ID number if this is another person.").format(
            name=data.name, date=data.birth_date.isoformat()))
    said = [_("{name}, born the same day, is already a client ({community}); check that this is another "
              "person.").format(name=stored, community=place) for _id, place, stored in namesakes]
    if any(not numbered and born in (None, data.birth_date) for numbered, born in same_place) and not namesakes:
        said.append(_("{name} is already a client of this village or community with no ID number on file; check "
                      "that this is another person.").format(name=data.name))
    return [("name", message) for message in dict.fromkeys(said)]  # two holders alike are told of once


IMPORT: ImportSpec[ClientInput, ClientLookups] = ImportSpec(
    TITLE, COLUMNS, _lookups, _build, _check, person_key, clients.add, action=Action.EDIT_CASES,
    warnings=id_warnings(MASKABLE), add_many=clients.store_many, writing=clients.importing, prepare=_prepare,
    apart=True, id_key=person_id_key)


def with_consent(consent: Consent) -> ImportSpec[ClientInput, ClientLookups]:
    """The import with ``consent`` stated by the user for the whole file, for the rows that need one and
    record none; checked first, as the rows' consents are."""
    consent.validated(None, date.today())
    return replace(IMPORT, lookups=partial(_lookups, consent=consent))


EXPORT: ExportSpec[ClientQuery, ClientView] = ExportSpec(TITLE, (
    ExportColumn(NAME, lambda v: marked_deleted(v.name, v.deleted)),
    ExportColumn(GENDER, lambda v: label(GENDERS, v.gender) if v.gender else ""),
    ExportColumn(ID_TYPE, lambda v: label(ID_TYPES, v.id_type)),
    ExportColumn(ID_NUMBER, lambda v: v.id_masked),  # masked for every role: the full number is an audited reveal
    ExportColumn(BIRTH_YEAR, lambda v: v.birth_date.year if v.birth_date else None, BIRTH_YEAR_NOTE),
    ExportColumn(PHONE, lambda v: v.phone),  # masked for every role, as the list: client_listing.get_many
    ExportColumn(ADDRESS, lambda v: v.address),  # the same
    ExportColumn(COMMUNITY, lambda v: v.community),
    ExportColumn(GROUP_LABEL, lambda v: labels(TARGET_GROUPS, v.target_groups)),
    ExportColumn(GUARDIAN, lambda v: v.guardian_name),
    ExportColumn(RELATION, lambda v: v.guardian_relation),
    ExportColumn(GUARDIAN_PHONE, lambda v: v.guardian_phone),
    ExportColumn(REGISTERED, lambda v: v.registered_on),
    ExportColumn(CONSENT_ON, consent_cell(lambda c: c.given_on)),
    ExportColumn(CONSENT_METHOD, consent_cell(lambda c: label(CONSENT_METHODS, c.method))),
), clients.list_ids, client_listing.get_many)
