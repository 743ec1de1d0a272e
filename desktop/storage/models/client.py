"""Clients (服务对象) of the station's case work, and the members of their household.

Sized for a county: 200,000 clients. The list reads the covering indexes below, led by the pinyin
sort key or by the community and then the sort key, as the volunteer list does (migration 0010).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.storage.base import Base, Synced
from desktop.storage.naming import PinyinNamed
from desktop.storage.sealed import sealed_column

# What the client list filters and searches on, after its sort key and id.
_LISTED = ("deleted_at", "target_groups", "name", "name_search", "id_tail")


class Client(Base, Synced, PinyinNamed):
    """A person the station serves. ID number, phone, address and notes are sealed; ``id_blind`` (a keyed
    HMAC of type and number) finds a number exactly and refuses duplicates without the plaintext.

    ``id_tail`` keeps the last four characters of the ID number in the clear: lists show them in the
    masked number anyway (3301**********1234), and workers find a client by them.
    """

    __tablename__ = "client"
    __person_name__ = True  # sorted and found by the surname reading (曾 zeng)
    __table_args__ = (Index("ix_client_listing", "name_sort", "id", "community_id", *_LISTED),
                      Index("ix_client_community_listing", "community_id", "name_sort", "id", *_LISTED))

    gender: Mapped[str] = mapped_column(String(8), default="")  # domain.codes.GENDERS
    birth_date: Mapped[date | None] = mapped_column(Date, default=None)
    id_type: Mapped[str] = mapped_column(String(16), default="resident_id")  # domain.codes.ID_TYPES
    id_number_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, default=None, info={"sealed": "id_number"})
    id_blind: Mapped[str | None] = mapped_column(String(64), index=True, default=None)
    id_tail: Mapped[str] = mapped_column(String(4), index=True, default="")
    phone_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, default=None, info={"sealed": "phone"})
    address_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, default=None, info={"sealed": "address"})
    community_id: Mapped[str] = mapped_column(ForeignKey("community.id"))
    # Several codes in one column, ",a,b,", as volunteers keep their categories: LIKE '%,a,%' filters.
    target_groups: Mapped[str] = mapped_column(String(200), default=",")  # domain.codes.TARGET_GROUPS
    registered_on: Mapped[date] = mapped_column(Date)
    # A minor's guardian (监护人); the guardian's phone is sealed like the client's.
    guardian_name: Mapped[str] = mapped_column(String(50), default="")
    guardian_relation: Mapped[str] = mapped_column(String(20), default="")
    guardian_phone_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, default=None,
                                                               info={"sealed": "guardian_phone"})
    # Consent to process the sealed fields (domain.consent); none recorded when there are none.
    consent_on: Mapped[date | None] = mapped_column(Date, default=None)
    consent_method: Mapped[str] = mapped_column(String(16), default="")
    consent_by: Mapped[str] = mapped_column(String(16), default="")
    notes_sealed: Mapped[bytes | None] = sealed_column("notes")


class ClientMember(Base, Synced):
    """One member of a client's household (家庭成员): edited with the client, tombstoned when removed.
    The notes about the member are sealed, as the client's are."""

    __tablename__ = "client_member"

    client_id: Mapped[str] = mapped_column(ForeignKey("client.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    relation: Mapped[str] = mapped_column(String(16))  # domain.codes.HOUSEHOLD_RELATIONS
    birth_year: Mapped[int | None] = mapped_column(default=None)
    lives_with: Mapped[bool] = mapped_column(default=True)  # 同住
    notes_sealed: Mapped[bytes | None] = sealed_column("notes")
