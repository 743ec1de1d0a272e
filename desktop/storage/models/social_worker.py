"""Social workers (社会工作者): station staff, agency workers and community workers, and their coverage."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.storage.base import Base, Synced
from desktop.storage.naming import PinyinNamed


class SocialWorker(Base, Synced, PinyinNamed):
    __tablename__ = "social_worker"
    __person_name__ = True  # sorted and found by the surname reading (曾 zeng)

    gender: Mapped[str] = mapped_column(String(8), default="")  # domain.codes.GENDERS; "" when not recorded
    employer_kind: Mapped[str] = mapped_column(String(16))  # domain.codes.EMPLOYER_KINDS
    employer_name: Mapped[str] = mapped_column(String(100), default="")
    employment: Mapped[str] = mapped_column(String(16))  # domain.codes.EMPLOYMENT_KINDS
    cert_level: Mapped[str] = mapped_column(String(16), index=True)  # domain.codes.CERT_LEVELS
    cert_number: Mapped[str] = mapped_column(String(32), default="")
    cert_year: Mapped[int | None] = mapped_column(Integer, default=None)
    phone_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, default=None, info={"sealed": "phone"})
    # The account this worker signs in with on this node; accounts are local, so it may dangle elsewhere.
    # The user account of this node the worker signs in with. Accounts never leave their node, so this
    # is no foreign key: on another node the id names no account, and the worker shows as unlinked.
    user_id: Mapped[str | None] = mapped_column(String(36), index=True, default=None)
    status: Mapped[str] = mapped_column(String(16), index=True)  # domain.codes.WORKER_STATUSES
    joined_on: Mapped[date | None] = mapped_column(Date, default=None)
    notes: Mapped[str] = mapped_column(String(500), default="")


class SocialWorkerCoverage(Base, Synced):
    """A community a worker covers; taking it off the worker tombstones the row, so the change syncs."""

    __tablename__ = "social_worker_coverage"

    worker_id: Mapped[str] = mapped_column(ForeignKey("social_worker.id"), index=True)
    community_id: Mapped[str] = mapped_column(ForeignKey("community.id"), index=True)
