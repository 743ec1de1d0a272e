"""User accounts: the station head made at set-up, then users added by the head (设置 → 用户)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.domain.contact import mask_mobile, normalize_mobile
from desktop.domain.ids import new_id
from desktop.domain.passwords import check_password
from desktop.domain.permissions import ROLE_LABELS, Action, Principal, Role
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.security import crypto
from desktop.security.vault import Vault
from desktop.services import keys
from desktop.services.forms import one_of, required_text
from desktop.services.guard import head_here, principal, require, vault
from desktop.storage import audit
from desktop.storage.base import utcnow
from desktop.storage.database import Database
from desktop.storage.digest import row_digest
from desktop.storage.models import KeyWrap, UserAccount

TABLE = "user_account"
RECOVERY = "recovery"
_USERNAME = re.compile(r"[a-z][a-z0-9._-]{1,31}")


def key_aad(user_id: str) -> str:
    return f"{TABLE}/{user_id}/data_key"


@dataclass(frozen=True)
class AccountInput:
    username: str
    display_name: str
    role: str
    password: str
    phone: str = ""

    def validated(self) -> AccountInput:
        username = self.username.strip().lower()
        if not _USERNAME.fullmatch(username):
            raise ValidationError("username", _(
                "A user name has 2 to 32 letters, digits, dots, dashes or underscores and starts with a letter."))
        check_password(self.password, username)
        return replace(
            self, username=username, display_name=required_text(self.display_name, "display_name", 50),
            role=one_of(self.role, ROLE_LABELS, "role"),
            phone=normalize_mobile(self.phone) if self.phone.strip() else "",
        )


@dataclass(frozen=True)
class UserView:
    id: str
    username: str
    display_name: str
    role: str
    phone: str  # masked unless the viewer manages users
    disabled: bool
    locked_until: datetime | None
    last_login_at: datetime | None
    must_change_password: bool

    def principal(self) -> Principal:
        return Principal(self.id, self.username, self.display_name, Role(self.role))


def _view(session: Session, row: UserAccount) -> UserView:
    phone = vault(session).open(TABLE, row.id, "phone", row.phone_sealed) if session.info.get("vault") else ""
    if phone and not principal(session).may(Action.MANAGE_USERS) and principal(session).user_id != row.id:
        phone = mask_mobile(phone)
    return UserView(row.id, row.username, row.display_name, row.role, phone, row.disabled_at is not None,
                    row.locked_until, row.last_login_at, row.must_change_password)


def count_accounts(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(UserAccount)) or 0


def _load(session: Session, user_id: str) -> UserAccount:
    row = session.get(UserAccount, user_id)
    if row is None:
        raise NotFoundError(_("No such user."))
    return row


def _audit(session: Session, action: str, row: UserAccount, before: str = "") -> None:
    audit.append(session, action, table_name=TABLE, row_id=row.id, before_digest=before,
                 after_digest=row_digest(row), detail={"username": row.username, "role": row.role})


def _insert(session: Session, data: AccountInput, data_key: bytes) -> UserAccount:
    if session.scalar(select(UserAccount.id).where(UserAccount.username == data.username)):
        raise ValidationError("username", _("The user name {name} is taken.").format(name=data.username))
    row = UserAccount(username=data.username, display_name=data.display_name, role=data.role,
                      failed_logins=0, must_change_password=False)
    row.id = new_id()  # the wraps are bound to it, so it is needed before the flush
    set_password_wrap(row, data_key, data.password)
    row.phone_sealed = Vault(data_key).seal(TABLE, row.id, "phone", data.phone)
    session.add(row)
    session.flush()
    _audit(session, "user.add", row)
    return row


def set_password_wrap(row: UserAccount, data_key: bytes, password: str) -> None:
    wrapped = keys.wrap(data_key, password, key_aad(row.id))
    row.kek_salt, row.kek_params, row.wrapped_key = wrapped.salt, wrapped.params, wrapped.key
    row.password_hash = keys.hash_password(password)
    row.updated_at = utcnow()


def set_recovery_code(session: Session, data_key: bytes) -> str:
    """A new recovery code wrapping the data key; the previous code stops working."""
    code = crypto.new_recovery_code()
    wrapped = keys.wrap(data_key, code, RECOVERY)
    row = session.scalar(select(KeyWrap).where(KeyWrap.purpose == RECOVERY)) or KeyWrap(purpose=RECOVERY)
    row.kek_salt, row.kek_params, row.wrapped_key, row.created_at = wrapped.salt, wrapped.params, wrapped.key, utcnow()
    session.add(row)
    audit.append(session, "recovery.new")
    return code


def create_station_head(session: Session, data: AccountInput) -> tuple[UserView, bytes, str]:
    """The first account, with a fresh data key and its recovery code. Only while there is no account."""
    data = replace(data, role=Role.ADMIN).validated()
    if count_accounts(session):
        raise ValidationError("username", _("The station head account exists already."))
    data_key = crypto.new_key()
    row = _insert(session, data, data_key)
    code = set_recovery_code(session, data_key)
    view = UserView(row.id, row.username, row.display_name, row.role, data.phone, False, None, None, False)
    return view, data_key, code


def list_users(session: Session) -> list[UserView]:
    require(session, Action.VIEW)
    rows = session.scalars(select(UserAccount).order_by(UserAccount.username))
    return [_view(session, row) for row in rows]


def add_user(session: Session, data: AccountInput, *, temporary_password: bool = True) -> UserView:
    """A new account. The head chose its password, so by default the user must pick their own at
    first sign-in; demo accounts, whose shared password is documented, are spared that."""
    require(session, Action.MANAGE_USERS)
    row = _insert(session, data.validated(), vault(session).data_key)
    row.must_change_password = temporary_password
    return _view(session, row)


def _admins_left(session: Session, excluding: str) -> int:
    return session.scalar(select(func.count()).select_from(UserAccount).where(
        UserAccount.role == Role.ADMIN, UserAccount.disabled_at.is_(None), UserAccount.id != excluding)) or 0


def update_user(session: Session, user_id: str, display_name: str, role: str, phone: str) -> UserView:
    require(session, Action.MANAGE_USERS)
    row = _load(session, user_id)
    before = row_digest(row)
    role = one_of(role, ROLE_LABELS, "role")
    if row.role == Role.ADMIN and role != Role.ADMIN and not _admins_left(session, row.id):
        raise ValidationError("role", _("Keep at least one {head}: this is the last.").format(
            head=head_here(session)))
    row.display_name = required_text(display_name, "display_name", 50)
    row.role = role
    row.phone_sealed = vault(session).seal(TABLE, row.id, "phone", normalize_mobile(phone) if phone.strip() else "")
    row.updated_at = utcnow()
    _audit(session, "user.edit", row, before)
    return _view(session, row)


def set_disabled(session: Session, user_id: str, disabled: bool) -> UserView:
    who = require(session, Action.MANAGE_USERS)
    row = _load(session, user_id)
    if disabled and row.id == who.user_id:
        raise ValidationError("disabled", _("You cannot disable your own account."))
    if disabled and row.role == Role.ADMIN and not _admins_left(session, row.id):
        raise ValidationError("disabled", _("Keep at least one {head}: this is the last.").format(
            head=head_here(session)))
    before = row_digest(row)
    row.disabled_at = utcnow() if disabled else None
    row.updated_at = utcnow()
    _audit(session, "user.disable" if disabled else "user.enable", row, before)
    return _view(session, row)


def reset_password(session: Session, user_id: str, new_password: str) -> UserView:
    """The head sets a temporary password (and lifts a lock-out); the user changes it at sign-in."""
    require(session, Action.MANAGE_USERS)
    row = _load(session, user_id)
    check_password(new_password, row.username)
    before = row_digest(row)
    set_password_wrap(row, vault(session).data_key, new_password)
    row.must_change_password, row.failed_logins, row.locked_until = True, 0, None
    _audit(session, "user.reset_password", row, before)
    return _view(session, row)


def new_recovery_code(session: Session) -> str:
    require(session, Action.MANAGE_USERS)
    return set_recovery_code(session, vault(session).data_key)


def make_first_head(db: Database, data: AccountInput) -> str:
    """The station head of a database set up before accounts existed; signs them in. Returns the
    recovery code, which is shown once."""
    with db.write() as session:
        session.info["actor"] = data.username  # the head makes their own account
        view, data_key, code = create_station_head(session, data)
    db.sign_in(view.principal(), Vault(data_key))
    return code
