"""User accounts and key wraps: local to this node, never synced (passwords do not travel)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.domain.ids import new_id
from desktop.storage.base import Base, UtcDateTime, utcnow


class UserAccount(Base):
    """A person who signs in. The station data key is wrapped under a key derived from the password."""

    __tablename__ = "user_account"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    username: Mapped[str] = mapped_column(String(32), unique=True)
    display_name: Mapped[str] = mapped_column(String(50))
    role: Mapped[str] = mapped_column(String(16))  # domain.permissions.Role
    password_hash: Mapped[str] = mapped_column(String(200))  # argon2id, encoded with its parameters
    kek_salt: Mapped[bytes] = mapped_column(LargeBinary)
    kek_params: Mapped[str] = mapped_column(String(64))
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary)
    phone_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, default=None, info={"sealed": "phone"})
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    disabled_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    last_login_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class KeyWrap(Base):
    """The data key wrapped by something other than a password: the printed recovery code."""

    __tablename__ = "key_wrap"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    purpose: Mapped[str] = mapped_column(String(16), unique=True)  # "recovery"
    kek_salt: Mapped[bytes] = mapped_column(LargeBinary)
    kek_params: Mapped[str] = mapped_column(String(64))
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class AppSetting(Base):
    """Station data settings (not per-machine preferences, which live in QSettings)."""

    __tablename__ = "app_setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(500))
