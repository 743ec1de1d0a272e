"""What the registers of people (volunteers, clients) share in spreadsheets: the words station sheets use
for gender, document type and consent, the columns that read them, an ID number read from a cell (an old
15-digit number upgraded, with a warning; a masked one refused), and the consent a row records or the user
states for the file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from functools import partial
from typing import Any, Protocol

from desktop.domain.codes import CONSENT_METHODS, GENDERS, ID_TYPES
from desktop.domain.consent import Consent
# upgraded_id re-exported: the registers' imports read their cells' ID numbers with it.
from desktop.domain.id_documents import LEGACY_ID, checked_identity, upgraded_id as upgraded_id
from desktop.domain.simplified import simplified
from desktop.errors import ValidationError
from desktop.i18n import N_, _
from desktop.services.birth_cells import birth_cell
from desktop.services.cell_parsers import Choice, day, plain
from desktop.services.import_links import Communities, script_warnings
from desktop.services.imports import ImportColumn
from desktop.services.masked_cells import is_masked, masked_warnings
from desktop.services.spreadsheet import Cell
from desktop.services.xlsx_month_cells import MonthDate

EXCEL_DIGITS = 15  # a number cell keeps no more significant digits than this

GENDER_WORDS = {"男": "male", "男性": "male", "女": "female", "女性": "female"}
ID_TYPE_WORDS = {
    "身份证": "resident_id", "居民身份证": "resident_id", "二代身份证": "resident_id",
    "港澳居民来往内地通行证": "hk_macau", "回乡证": "hk_macau", "港澳居民居住证": "hk_macau",
    "台湾居民来往大陆通行证": "taiwan", "台胞证": "taiwan", "台湾居民居住证": "taiwan",
    "护照": "passport", "外国人护照": "passport",
    "其他": "other", "其它": "other", "其他证件": "other",
}
METHOD_WORDS = {"书面": "written", "书面同意": "written", "签字": "written", "签署知情同意书": "written",
                "纸质": "written", "口头": "oral", "口头同意": "oral", "电子": "electronic",
                "电子签名": "electronic", "线上": "electronic", "网上": "electronic"}
# Header words of the columns every register of people has under its own label.
ID_NUMBER_WORDS = ("身份证号", "身份证号码", "公民身份号码", "证件号码", "证件号", "身份证")
PHONE_WORDS = ("联系电话", "手机", "手机号", "手机号码", "电话", "联系方式")

GENDER, BIRTH, ID_TYPE = N_("Gender"), N_("Birth date"), N_("ID type")
# Exports: a masked ID number beside the exact birth date gives the number away (the checksum and the
# station's own division code leave a handful of candidates), so exports carry the year only, and say why
# in a note on the column's header.
BIRTH_YEAR = N_("Year of birth")
BIRTH_YEAR_NOTE = N_("The exact birth date is left out: beside the masked ID number it would give the number away.")
CONSENT_ON, CONSENT_METHOD = N_("Consent date"), N_("Consent method")


def id_number(cell: Cell) -> str:
    """The number as text. A long number in a number cell has lost its last digits to Excel's precision."""
    if isinstance(cell, int | float) and not isinstance(cell, bool) and abs(cell) >= 10 ** EXCEL_DIGITS:
        raise ValidationError("", _("The sheet keeps this ID number as a number, which has lost its last digits; "
                                    "format the column as text and enter the number again."))
    return plain(cell)


def consent_day(cell: Cell) -> date | None:
    """The consent date: a day. A date cell the sheet shows as its year and month (previewed so, 2024-03) is
    refused rather than stored as the 1st, a day nobody wrote: the consent must be dated as it was signed, and
    the rules on it (a child under 14 on that day) read the day."""
    if isinstance(cell, MonthDate):
        raise ValidationError("", _("The consent date gives the year and month only ({month}): a consent is dated "
                                    "to the day; write the full date, as in 2024-03-08.").format(month=cell.shown()))
    return day(cell)


def unmasked_id_number(cell: Cell) -> str:
    """The ID number of a cell, refused when masked as an export writes it: a row read back without it
    would register the person a second time, with nothing left to tell the two apart."""
    number = id_number(cell)
    if is_masked(number):
        raise ValidationError("", _("The ID number is masked (an exported file cannot be imported again); "
                                    "write the full number."))
    return number


GENDER_COLUMN = ImportColumn("gender", GENDER, ("性别",), Choice(GENDERS, GENDER_WORDS))
BIRTH_COLUMN = ImportColumn("birth_date", BIRTH, ("出生日期", "出生年月日", "出生年月", "出生时间", "生日"), birth_cell)
ID_TYPE_COLUMN = ImportColumn("id_type", ID_TYPE, ("证件类型", "证件类别"), Choice(ID_TYPES, ID_TYPE_WORDS))
CONSENT_COLUMNS = (
    ImportColumn("consent_on", CONSENT_ON, ("知情同意日期", "同意日期", "知情同意书签署日期"), consent_day),
    ImportColumn("consent_method", CONSENT_METHOD, ("同意方式", "知情同意方式"), Choice(CONSENT_METHODS, METHOD_WORDS)),
)


class PersonRow(Protocol):
    """What an imported row of a register of people holds, once built."""

    @property
    def name(self) -> str: ...

    @property
    def community_id(self) -> str: ...

    @property
    def birth_date(self) -> date | None: ...

    @property
    def id_type(self) -> str: ...

    @property
    def id_number(self) -> str | None: ...


def person_key(data: PersonRow) -> tuple[object, ...]:
    """Two rows with one ID number are one person; without one, the same name (in either script), community and
    birth date."""
    if data.id_number:
        return "id", data.id_type, data.id_number
    return "person", simplified(data.name), data.community_id, data.birth_date


def person_id_key(values: dict[str, Any]) -> tuple[object, ...] | None:
    """``person_key`` of a row with problems, from its parsed ID type and number, when the number is sound."""
    id_type = values.get("id_type") or "resident_id"
    try:
        number = checked_identity(id_type, upgraded_id(id_type, values.get("id_number") or ""), "", None,
                                  date.today()).number
    except ValidationError:
        return None
    return ("id", id_type, number) if number else None


class PersonLookups(Protocol):
    communities: Communities


def id_warnings(maskable: tuple[str, ...]) -> Callable[[dict[str, Any], PersonRow, PersonLookups],
                                                       list[tuple[str, str]]]:
    """The import's warnings for a row: the ``maskable`` cells left out as masked, an old ID number upgraded, a
    village written in the other script. A partial, not a closure: an import's worker process is sent it
    (``import_worker``)."""
    return partial(_id_warnings, maskable)


def _id_warnings(maskable: tuple[str, ...], values: dict[str, Any], data: PersonRow,
                 lookups: PersonLookups) -> list[tuple[str, str]]:
    return (masked_warnings(values, maskable) + legacy_warnings(values["id_number"], data.id_type, data.id_number or "")
            + script_warnings(lookups.communities, values, "community"))


def legacy_warnings(written: str, id_type: str, number: str) -> list[tuple[str, str]]:
    """The warning for a row whose ID card number ``written`` was upgraded to ``number``, given in full: the
    worker importing holds the sheet with the full numbers and checks the upgrade against the paper; the
    report is shown to that worker only, and saved masked (``imports.save_problems``)."""
    if id_type != "resident_id" or not LEGACY_ID.fullmatch(written):
        return []
    return [("id_number", _("An old 15-digit ID card number, upgraded to the 18-character number "
                            "{number}.").format(number=number))]


def row_consent(values: dict[str, Any], stated: Consent | None, required: bool,
                fields: Sequence[str] = ()) -> Consent | None:
    """The row's own consent when it gives a date; else, where the row needs one (``required``), the one
    stated for the whole file; else none. A guardian named on the row (``guardian_name``,
    ``guardian_relation``) is who gave it. ``fields`` names (msgids) the sensitive fields the row gives,
    for the refusal; without them it speaks of an ID number or phone."""
    given_on, method = values["consent_on"], values["consent_method"]
    guardian, relation = values["guardian_name"], values["guardian_relation"]
    named = bool(guardian or relation)
    if given_on is None:
        if method:
            raise ValidationError("consent_on", _("Enter the date of this consent."))
        if not required:
            return None
        if stated is None and named:
            raise ValidationError("consent_on", _("A guardian is named but no consent is recorded: enter the date "
                                                  "and method of the guardian's consent."))
        if stated is None and fields:
            raise ValidationError("consent_on", _(
                "Sensitive personal information ({fields}) needs the person's consent: give its date and method in "
                "the sheet, or state one consent for the whole file.").format(
                fields=_(", ").join(_(field) for field in fields)))
        if stated is None:
            raise ValidationError("consent_on", _("An ID number or phone needs the person's consent: give its date "
                                                  "and method in the sheet, or state one consent for the whole file."))
        given_on, method = stated.given_on, stated.method
    return Consent(given_on, method, "guardian" if named else "self", guardian, relation)


def consent_cell(pick: Callable[[Consent], Any]) -> Callable[[Any], Any]:
    """An export cell of a view's consent (blank when none is recorded)."""
    return lambda view: pick(view.consent) if view.consent else None
