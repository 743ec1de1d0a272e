"""Community volunteers (社区志愿者), their record (民政部令第67号, 2020) and the time bank (时间银行).

Sized for a county: 200,000 volunteers and 2,000,000 service rows. A volunteer's hours in a period
and the day's total for the daily cap are range scans of (volunteer_id, served_on); a balance is a
scan of (volunteer_id, amount), which the index covers.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.storage.base import Base, Synced
from desktop.storage.naming import PinyinNamed

# What the volunteer list filters on, after its sort key and id.
_LISTED = ("deleted_at", "status", "name", "name_search", "categories", "teams")


class Volunteer(Base, Synced, PinyinNamed):
    """Real-name volunteer. The ID number and phone are sealed; ``id_blind`` (a keyed HMAC of
    type and number) finds a number exactly and catches duplicates without the plaintext.

    ``residence`` (居住区域) stays plain: the rules ask for the area one lives in (a village,
    a community, a district), which lists filter and count by, not a street address.
    """

    __tablename__ = "volunteer"
    __person_name__ = True  # sorted and found by the surname reading (曾 zeng)
    # The list, its filters and the name search read these alone, already in pinyin order (measured in
    # tests/benchmarks/test_volunteer_register.py; migration 0010).
    __table_args__ = (Index("ix_volunteer_listing", "name_sort", "id", "community_id", *_LISTED),
                      Index("ix_volunteer_community_listing", "community_id", "name_sort", "id", *_LISTED))

    number: Mapped[str] = mapped_column(String(20), index=True)  # V-2026-0001, per node; not a key
    gender: Mapped[str] = mapped_column(String(8), default="")  # domain.codes.GENDERS
    birth_date: Mapped[date | None] = mapped_column(Date, default=None)
    id_type: Mapped[str] = mapped_column(String(16), default="resident_id")  # domain.codes.ID_TYPES
    id_number_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, default=None, info={"sealed": "id_number"})
    id_blind: Mapped[str | None] = mapped_column(String(64), index=True, default=None)
    phone_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, default=None, info={"sealed": "phone"})
    residence: Mapped[str] = mapped_column(String(100), default="")
    community_id: Mapped[str] = mapped_column(ForeignKey("community.id"))
    skills: Mapped[str] = mapped_column(String(200), default="")
    # Several codes or names in one column, ",a,b,", as the donor register keeps its offers: they
    # change with the volunteer and sync as one value; LIKE '%,a,%' filters exactly.
    categories: Mapped[str] = mapped_column(String(200), default=",")  # domain.codes.SERVICE_CATEGORIES
    teams: Mapped[str] = mapped_column(String(300), default=",")
    registered_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))  # domain.codes.VOLUNTEER_STATUSES
    # Consent to process the sealed fields (domain.consent); none recorded when there are none.
    consent_on: Mapped[date | None] = mapped_column(Date, default=None)
    consent_method: Mapped[str] = mapped_column(String(16), default="")
    consent_by: Mapped[str] = mapped_column(String(16), default="")
    guardian_name: Mapped[str] = mapped_column(String(50), default="")
    guardian_relation: Mapped[str] = mapped_column(String(20), default="")
    notes: Mapped[str] = mapped_column(String(500), default="")


class VolunteerService(Base, Synced):
    """Append-only: hours actually served at one activity. A mistake is corrected by a reversing row
    that carries the negated minutes and ``reverses_id``; the pair then counts for nothing."""

    __tablename__ = "volunteer_service"
    __append_only__: ClassVar[bool] = True
    __table_args__ = (Index("ix_volunteer_service_volunteer_day", "volunteer_id", "served_on"),
                      # A period's service for the statistics (0021); it serves lookups by day too.
                      Index("ix_volunteer_service_day", "served_on", "volunteer_id", "minutes", "reverses_id",
                            "deleted_at", "id"))

    volunteer_id: Mapped[str] = mapped_column(ForeignKey("volunteer.id"))
    activity: Mapped[str] = mapped_column(String(100))
    served_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(100), default="")
    content: Mapped[str] = mapped_column(String(500), default="")
    category: Mapped[str] = mapped_column(String(32))  # domain.codes.SERVICE_CATEGORIES
    minutes: Mapped[int] = mapped_column(Integer)
    organiser: Mapped[str] = mapped_column(String(100), default="")  # 活动组织单位
    in_charge: Mapped[str] = mapped_column(String(50), default="")  # 活动负责人
    # Who confirmed the hours, as they were then: accounts are local to a node, so no foreign key.
    confirmed_by_id: Mapped[str | None] = mapped_column(String(36), default=None)
    confirmed_by: Mapped[str] = mapped_column(String(50), default="")
    recorded_on: Mapped[date] = mapped_column(Date)
    late: Mapped[bool] = mapped_column(Boolean, default=False)  # recorded after 10 working days
    reverses_id: Mapped[str | None] = mapped_column(ForeignKey("volunteer_service.id"), index=True, default=None)
    reason: Mapped[str] = mapped_column(String(200), default="")


class VolunteerTraining(Base, Synced):
    __tablename__ = "volunteer_training"

    volunteer_id: Mapped[str] = mapped_column(ForeignKey("volunteer.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    content: Mapped[str] = mapped_column(String(500), default="")
    minutes: Mapped[int] = mapped_column(Integer)  # 学习时长
    organiser: Mapped[str] = mapped_column(String(100), default="")  # 举办单位
    held_on: Mapped[date] = mapped_column(Date)


class VolunteerAward(Base, Synced):
    __tablename__ = "volunteer_award"

    volunteer_id: Mapped[str] = mapped_column(ForeignKey("volunteer.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    awarded_on: Mapped[date] = mapped_column(Date)
    awarded_by: Mapped[str] = mapped_column(String(100), default="")  # 授予单位


class VolunteerEvaluation(Base, Synced):
    """The quality of one service record (1–5 stars); due, like the record, within 10 working days."""

    __tablename__ = "volunteer_evaluation"

    volunteer_id: Mapped[str] = mapped_column(ForeignKey("volunteer.id"), index=True)
    service_id: Mapped[str] = mapped_column(ForeignKey("volunteer_service.id"), index=True)
    rating: Mapped[int] = mapped_column(Integer)  # domain.codes.EVALUATION_RATINGS
    comment: Mapped[str] = mapped_column(String(500), default="")
    evaluated_on: Mapped[date] = mapped_column(Date)
    recorded_on: Mapped[date] = mapped_column(Date)
    late: Mapped[bool] = mapped_column(Boolean, default=False)


class TimebankReward(Base, Synced):
    """The catalogue of what points buy: goods from the 爱心超市 or a service."""

    __tablename__ = "timebank_reward"

    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))  # domain.codes.REWARD_KINDS
    cost: Mapped[int] = mapped_column(Integer)  # hundredths of a point
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    notes: Mapped[str] = mapped_column(String(200), default="")


class TimebankEntry(Base, Synced):
    """Append-only passbook line, in hundredths of a point (+ in, − out); ``volunteer_id`` None is the
    station's pool, which receives what is donated. The lines one operation writes share ``batch``
    (a deposit and its excess donated above the cap, say) and are reversed together."""

    __tablename__ = "timebank_entry"
    __append_only__: ClassVar[bool] = True
    __table_args__ = (Index("ix_timebank_entry_volunteer_amount", "volunteer_id", "amount"),)

    volunteer_id: Mapped[str | None] = mapped_column(ForeignKey("volunteer.id"), default=None)
    batch: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # domain.codes.TIMEBANK_KINDS
    amount: Mapped[int] = mapped_column(Integer)
    entry_on: Mapped[date] = mapped_column(Date)
    service_id: Mapped[str | None] = mapped_column(ForeignKey("volunteer_service.id"), index=True, default=None)
    reward_id: Mapped[str | None] = mapped_column(ForeignKey("timebank_reward.id"), default=None)
    counterpart_id: Mapped[str | None] = mapped_column(ForeignKey("volunteer.id"), default=None)  # gift partner
    reverses_id: Mapped[str | None] = mapped_column(ForeignKey("timebank_entry.id"), index=True, default=None)
    note: Mapped[str] = mapped_column(String(200), default="")
