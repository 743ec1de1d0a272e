"""Villages and urban communities served by the station: the platform of 五社联动."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, validates

from desktop.domain.pinyin import sort_key
from desktop.storage.base import Base, Synced


class Community(Base, Synced):
    __tablename__ = "community"

    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"), index=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    name_sort: Mapped[str] = mapped_column(String(400), index=True, default="")  # pinyin order
    setting: Mapped[str] = mapped_column(String(8))  # domain.codes.COMMUNITY_SETTINGS: urban | rural
    population: Mapped[int | None] = mapped_column(Integer, default=None)  # resident population
    division_code: Mapped[str] = mapped_column(String(12), default="")
    notes: Mapped[str] = mapped_column(String(500), default="")

    @validates("name")
    def _keep_sort_key(self, _key: str, name: str) -> str:
        self.name_sort = sort_key(name)
        return name
