"""A person's ID number as the registers of people keep it (volunteers, clients): sealed to the row,
found and de-duplicated through a keyed blind index of its type and number, shown masked.

Every number is compared in the form ``domain.id_documents.tidy_id_text`` gives (the checks give it, and
the blind index and the last four characters are taken of it again here, whatever path a number came
by); ``normalise_stored_ids`` brings rows stored before that rule (a check digit kept as x) into line."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.domain.id_documents import blind_key, mask_id_number, tidy_id_text
from desktop.i18n import _, format_number
from desktop.security.vault import Vault
from desktop.services.guard import vault
from desktop.storage import audit
from desktop.storage.database import Database
from desktop.storage.models import AppSetting, Client, Volunteer

if TYPE_CHECKING:
    from desktop.services.spreadsheet import Progress

BLIND = "id_number"  # the blind index's purpose, one for every register: type and number are hashed together


class PersonRow(Protocol):
    """A stored person with a sealed ID number."""

    @property
    def id(self) -> str: ...

    @property
    def id_type(self) -> str: ...

    @property
    def id_number_sealed(self) -> bytes | None: ...


class PersonInput(Protocol):
    """What a form or an import gives (a dataclass): ``id_number`` None keeps the stored number on update."""

    __dataclass_fields__: ClassVar[dict[str, Any]]

    @property
    def id_type(self) -> str: ...

    @property
    def id_number(self) -> str | None: ...


D = TypeVar("D", bound=PersonInput)


def blind_of(keys: Vault, id_type: str, number: str | None) -> str | None:
    """The blind index of a checked number; None when there is none."""
    return keys.blind(BLIND, blind_key(id_type, tidy_id_text(number))) if number else None


def tail_of(number: str | None) -> str:
    """The last four characters kept in the clear for the search by them (``Client.id_tail``)."""
    return tidy_id_text(number or "")[-4:]


def stored_number(session: Session, table: str, row: PersonRow) -> str:
    return vault(session).open(table, row.id, "id_number", row.id_number_sealed)


def masked_number(session: Session, table: str, row: PersonRow) -> str:
    """The stored number masked; "" when none is stored or the data key is locked."""
    number = "" if session.info.get("vault") is None else stored_number(session, table, row)
    return mask_id_number(number) if number else ""


def keeping_stored(session: Session, table: str, row: PersonRow, data: D) -> D:
    """``data``, with the stored number and its type when it keeps them (``id_number`` None)."""
    if data.id_number is not None:
        return data
    return replace(data, id_type=row.id_type, id_number=stored_number(session, table, row))


@dataclass(frozen=True)
class Renormalised:
    """What ``normalise_stored_ids`` changed: rows per table, and the rows whose tidied number another
    live row of the register already has (one person registered twice: for a person to merge)."""

    changed: dict[str, int]
    clashes: list[tuple[str, str, str]]  # table, id of the row changed, id of the row with that number


REGISTERS: tuple[tuple[Any, str], ...] = ((Client, "client"), (Volunteer, "volunteer"))
BATCH = 2000  # rows read, and progress reported, at a time


def normalise_stored_ids(session: Session, keys: Vault, progress: Progress | None = None) -> Renormalised:
    """Reseal every stored ID number not in its tidy form (338x → 338X, full-width digits) with its blind
    index and last four, in the registers of people. A data step for a migration or a maintenance run
    that has the unlocked ``keys``: a migration alone cannot open the sealed numbers. ``progress`` hears
    how many of the sealed numbers have been read. Every number is opened, but only a row to change
    is loaded: 200,000 clients are a pass over four columns, not 200,000 objects."""
    changed: dict[str, int] = {}
    clashes: list[tuple[str, str, str]] = []
    total = sum(session.scalar(select(func.count()).where(model.id_number_sealed.is_not(None))) or 0
                for model, _table in REGISTERS) if progress else 0
    read = 0
    for model, table in REGISTERS:
        stale: dict[str, str] = {}  # row id → its number tidied
        rows = session.execute(select(model.id, model.id_number_sealed).where(model.id_number_sealed.is_not(None))
                               .order_by(model.id).execution_options(yield_per=BATCH))
        for row_id, sealed_number in rows:
            number = keys.open(table, row_id, "id_number", sealed_number)
            if (tidy := tidy_id_text(number)) != number:
                stale[row_id] = tidy
            read += 1
            if progress and read % BATCH == 0:
                progress(read, total, _tidying(read, total))
        _reseal(session, keys, model, table, stale, changed, clashes)
    if progress:
        progress(total, total, _tidying(total, total))
    session.flush()
    return Renormalised(changed, clashes)


def _tidying(done: int, total: int) -> str:
    return _("Tidying the stored ID numbers: {done} of {total}").format(done=format_number(done),
                                                                        total=format_number(total))


def _reseal(session: Session, keys: Vault, model: Any, table: str, stale: dict[str, str], changed: dict[str, int],
            clashes: list[tuple[str, str, str]]) -> None:
    """Seal the ``stale`` rows' tidy numbers onto them; a live row whose tidy number another live row
    already holds (or one tidied before it here) is a person registered twice."""
    ids = sorted(stale)
    for start in range(0, len(ids), BATCH):
        rows = list(session.scalars(select(model).where(model.id.in_(ids[start:start + BATCH])).order_by(model.id)))
        blinds = {row.id: blind_of(keys, row.id_type, stale[row.id]) for row in rows}
        holders = {blind: holder for blind, holder in session.execute(select(model.id_blind, model.id).where(
            model.id_blind.in_(set(blinds.values())), model.deleted_at.is_(None))) if holder not in stale}
        for row in rows:
            tidy, row.id_blind = stale[row.id], blinds[row.id]
            row.id_number_sealed = keys.seal(table, row.id, "id_number", tidy)
            if hasattr(row, "id_tail"):
                row.id_tail = tail_of(tidy)
            changed[table] = changed.get(table, 0) + 1
            other = holders.get(row.id_blind)
            if row.deleted_at is None and other not in (None, row.id):
                clashes.append((table, row.id, other))
            elif row.deleted_at is None and row.id_blind:
                holders[row.id_blind] = row.id


TIDIED_SETTING = "id_numbers_tidied"  # set once every stored ID number has been brought into its tidy form


def ensure_ids_tidy(db: Database, progress: Progress | None = None) -> Renormalised | None:
    """``normalise_stored_ids`` once per database, at the first sign-in that has the keys (a version before
    the tidy rule stored numbers as typed); None when it has run before. Its findings go to the audit log,
    the people registered twice among them for a person to merge. The sign-in window runs it on the
    database worker, ``progress`` showing how far it has gone."""
    if db.vault is None:
        return None
    with db.read() as session:
        if session.get(AppSetting, TIDIED_SETTING) is not None:
            return None
    with db.write() as session:
        done = normalise_stored_ids(session, db.vault, progress)
        session.add(AppSetting(key=TIDIED_SETTING, value="1"))
        if done.changed:  # a new database has nothing to tidy and nothing to say
            audit.append(session, "setting", detail={TIDIED_SETTING: done.changed,
                                                     "registered_twice": [list(clash) for clash in done.clashes]})
    return done
