"""Villages and urban communities served by the station: the platform of 五社联动."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String
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
    # A volunteer service point (志愿服务站/点) in the community, which several policies count (issue 9).
    volunteer_point: Mapped[bool] = mapped_column(Boolean, default=False)
    volunteer_point_note: Mapped[str] = mapped_column(String(100), default="")  # where it is, who keeps it
