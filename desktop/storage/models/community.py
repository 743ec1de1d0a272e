"""Villages and urban communities served by the station: the platform of 五社联动."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.storage.base import Base, Synced
from desktop.storage.naming import PinyinNamed


class Community(Base, Synced, PinyinNamed):
    __tablename__ = "community"

    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"), index=True)
    setting: Mapped[str] = mapped_column(String(8))  # domain.codes.COMMUNITY_SETTINGS: urban | rural
    population: Mapped[int | None] = mapped_column(Integer, default=None)  # resident population
    division_code: Mapped[str] = mapped_column(String(12), default="")
    notes: Mapped[str] = mapped_column(String(500), default="")
