"""Charity resources (社会慈善资源): donors and partners and what they offer."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.storage.base import Base, Synced
from desktop.storage.naming import PinyinNamed


class Donor(Base, Synced, PinyinNamed):
    __tablename__ = "donor"

    kind: Mapped[str] = mapped_column(String(16), index=True)  # domain.codes.DONOR_KINDS
    community_id: Mapped[str | None] = mapped_column(ForeignKey("community.id"), index=True, default=None)
    credit_code: Mapped[str] = mapped_column(String(18), default="")
    contact_person: Mapped[str] = mapped_column(String(50), default="")
    phone_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, default=None, info={"sealed": "phone"})
    address_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, default=None, info={"sealed": "address"})
    # The offer codes (domain.codes.OFFER_KINDS) as ",goods,venue," (services.tags): a handful of codes that
    # change with the donor, so one column syncs them as one value, and LIKE '%,goods,%' filters exactly.
    offers: Mapped[str] = mapped_column(String(100), default=",")
    offer_notes: Mapped[str] = mapped_column(String(500), default="")
    first_contact_on: Mapped[date | None] = mapped_column(Date, default=None)
    notes: Mapped[str] = mapped_column(String(500), default="")
