"""Signing in and out: passwords, lock-out after repeated failures, the recovery code, re-unlock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.passwords import check_password
from desktop.domain.permissions import Action, Principal, Role
from desktop.errors import ValidationError, WusheError
from desktop.i18n import _, format_datetime
from desktop.security import crypto
from desktop.security.crypto import DecryptionError
from desktop.security.vault import Vault
from desktop.services import id_numbers, keys, station
from desktop.services.guard import head_here, require
from desktop.services.accounts import RECOVERY, count_accounts, key_aad, set_password_wrap
from desktop.storage import audit
from desktop.storage.base import utcnow
from desktop.storage.database import Database
from desktop.storage.models import AppSetting, KeyWrap, UserAccount

if TYPE_CHECKING:
    from desktop.services.spreadsheet import Progress

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
LOCK_SETTING = "lock_after_minutes"
DEFAULT_LOCK_MINUTES = 10


class SignInError(WusheError):
    """Wrong credentials, a locked or disabled account; the message says which, never which part."""


@dataclass(frozen=True)
class SignedIn:
    principal: Principal
    must_change_password: bool


def has_accounts(db: Database) -> bool:
    with db.read() as session:
        return count_accounts(session) > 0


def _account(session: Session, username: str) -> UserAccount | None:
    return session.scalar(select(UserAccount).where(UserAccount.username == username.strip().lower()))


def _wrapped(row: UserAccount | KeyWrap) -> keys.Wrapped:
    return keys.Wrapped(row.kek_salt, row.kek_params, row.wrapped_key)


def _principal(row: UserAccount) -> Principal:
    return Principal(row.id, row.username, row.display_name, Role(row.role))


def sign_in(db: Database, username: str, password: str, progress: Progress | None = None) -> SignedIn:
    """Check the password, unlock the data key and make this user the actor of every write. The first
    sign-in after an upgrade may tidy every stored ID number first; ``progress`` hears how far it is."""
    with db.write() as session:
        row = _account(session, username)
        head = head_here(session)  # who a disabled user asks
        now = utcnow()
        if row is not None and row.locked_until is not None and row.locked_until > now:
            raise SignInError(_("Too many wrong passwords: this account is locked until {time}.").format(
                time=format_datetime(row.locked_until.astimezone(), "short")))
        if row is None or not keys.password_matches(row.password_hash, password):
            if row is not None:
                _count_failure(session, row)
            failed = True
        else:
            failed = False
    if failed:  # the failure count above is committed; now refuse
        raise SignInError(_("Wrong user name or password."))
    assert row is not None
    if row.disabled_at is not None:
        raise SignInError(_("This account is disabled; ask the {head}.").format(head=head))
    vault = Vault(keys.unwrap(_wrapped(row), password, key_aad(row.id)))
    db.sign_in(_principal(row), vault)
    with db.write() as session:
        account = session.get(UserAccount, row.id)
        assert account is not None
        account.failed_logins, account.locked_until, account.last_login_at = 0, None, utcnow()
        if keys.HASHER.check_needs_rehash(account.password_hash):
            set_password_wrap(account, vault.data_key, password)
        audit.append(session, "login", table_name="user_account", row_id=row.id)
    station.ensure_keys_sealed(db)  # a node set up before private keys were sealed: seal them now
    id_numbers.ensure_ids_tidy(db, progress)  # and ID numbers stored as typed (338x) before they were tidied
    return SignedIn(_principal(row), row.must_change_password)


def _count_failure(session: Session, row: UserAccount) -> None:
    row.failed_logins += 1
    if row.failed_logins >= MAX_FAILED_LOGINS:
        row.locked_until = utcnow() + LOCKOUT
        row.failed_logins = 0
        audit.append(session, "lockout", table_name="user_account", row_id=row.id,
                     detail={"username": row.username, "minutes": int(LOCKOUT.total_seconds() // 60)})


def sign_out(db: Database) -> None:
    if db.principal.user_id is not None:
        with db.write() as session:
            audit.append(session, "logout", table_name="user_account", row_id=db.principal.user_id)
    db.sign_out()


def confirm_password(db: Database, password: str) -> None:
    """Unlocking the idle lock: the signed-in user's password again. Wrong ones count as failures."""
    sign_in(db, db.principal.username, password)


def change_password(db: Database, old_password: str, new_password: str) -> None:
    check_password(new_password, db.principal.username, field="new_password")
    with db.read() as session:
        row = session.get(UserAccount, db.principal.user_id)
        if row is None or not keys.password_matches(row.password_hash, old_password):
            raise ValidationError("old_password", _("The current password is not right."))
    vault = db.vault
    assert vault is not None
    with db.write() as session:
        account = session.get(UserAccount, db.principal.user_id)
        assert account is not None
        set_password_wrap(account, vault.data_key, new_password)
        account.must_change_password = False
        audit.append(session, "password.change", table_name="user_account", row_id=account.id)


def recover(db: Database, code: str, username: str, new_password: str) -> SignedIn:
    """Every password is lost: the printed recovery code unlocks the key and sets a new password."""
    check_password(new_password, username, field="new_password")
    with db.read() as session:  # the read ends with a rollback, which expires its rows: copy what is needed
        wrap = session.scalar(select(KeyWrap).where(KeyWrap.purpose == RECOVERY))
        wrapped = _wrapped(wrap) if wrap else None
        row = _account(session, username)
        who = _principal(row) if row else None
    if who is None:
        raise ValidationError("username", _("No such user."))
    try:
        data_key = keys.unwrap(wrapped, crypto.normalize_recovery_code(code), RECOVERY) if wrapped else None
    except DecryptionError:
        data_key = None
    if data_key is None:
        raise ValidationError("recovery_code", _("This recovery code does not fit this database."))
    db.sign_in(who, Vault(data_key))
    with db.write() as session:
        account = session.get(UserAccount, who.user_id)
        assert account is not None
        set_password_wrap(account, data_key, new_password)
        account.failed_logins, account.locked_until, account.disabled_at = 0, None, None
        account.must_change_password = False
        audit.append(session, "recovery.use", table_name="user_account", row_id=account.id)
    return SignedIn(who, False)


def lock_minutes(session: Session) -> int:
    value = session.get(AppSetting, LOCK_SETTING)
    return int(value.value) if value else DEFAULT_LOCK_MINUTES


def set_lock_minutes(session: Session, minutes: int) -> None:
    """Minutes of no input before the app locks; 0 turns the lock off."""
    require(session, Action.MANAGE_USERS)
    if not 0 <= minutes <= 240:
        raise ValidationError("lock_minutes", _("Enter a number between 0 and {max}.").format(max=240))
    row = session.get(AppSetting, LOCK_SETTING) or AppSetting(key=LOCK_SETTING, value="")
    row.value = str(minutes)
    session.add(row)
    audit.append(session, "setting", detail={LOCK_SETTING: minutes})
