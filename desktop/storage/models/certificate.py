"""The register of volunteer service certificates issued (志愿服务证明出具登记) and their revocations.

Both tables are append-only: a certificate states facts as they were on the day it was issued
(name, masked ID, the records it lists), so it is never edited; withdrawing one adds a revocation.
``digest`` is the SHA-256 of those facts: verification recomputes it, so a row changed behind the
application's back no longer verifies.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.storage.base import Base, Synced


class VolunteerCertificate(Base, Synced):
    __tablename__ = "volunteer_certificate"
    __append_only__: ClassVar[bool] = True
    # Numbers run per issuing node and year; the node is the row's origin (never changed: append-only).
    __table_args__ = (Index("ix_volunteer_certificate_node_number", "origin_node", "number", unique=True),)

    year: Mapped[int] = mapped_column(Integer)
    serial: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(20))  # ZYZ-2026-0001: sortable, typed on the command line
    official_number: Mapped[str] = mapped_column(String(60))  # 青山志证〔2026〕0001号: as printed
    volunteer_id: Mapped[str] = mapped_column(ForeignKey("volunteer.id"), index=True)
    volunteer_number: Mapped[str] = mapped_column(String(20))
    volunteer_name: Mapped[str] = mapped_column(String(100))
    id_type: Mapped[str] = mapped_column(String(16))  # domain.codes.ID_TYPES
    id_masked: Mapped[str] = mapped_column(String(40))  # never the full number: the paper leaves the station
    period_from: Mapped[date] = mapped_column(Date)
    period_to: Mapped[date] = mapped_column(Date)
    minutes: Mapped[int] = mapped_column(Integer)
    content: Mapped[str] = mapped_column(String(1000))
    lines: Mapped[str] = mapped_column(Text)  # JSON: [[served_on, activity, content, minutes], …] as listed
    unit: Mapped[str] = mapped_column(String(100))
    unit_phone: Mapped[str] = mapped_column(String(32))
    person_in_charge: Mapped[str] = mapped_column(String(50))
    handler: Mapped[str] = mapped_column(String(50))
    issued_on: Mapped[date] = mapped_column(Date, index=True)
    code: Mapped[str] = mapped_column(String(12), index=True, unique=True)
    digest: Mapped[str] = mapped_column(String(64))


class VolunteerCertificateRevocation(Base, Synced):
    """Append-only: a certificate withdrawn (issued in error, records corrected), with the reason."""

    __tablename__ = "volunteer_certificate_revocation"
    __append_only__: ClassVar[bool] = True

    certificate_id: Mapped[str] = mapped_column(ForeignKey("volunteer_certificate.id"), index=True)
    revoked_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(200))
