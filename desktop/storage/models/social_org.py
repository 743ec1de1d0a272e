"""Community social organisations (社区社会组织), the carriers of 五社联动, and their status history."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from sqlalchemy import Boolean, Date, ForeignKey, Integer, LargeBinary, String, text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.storage.base import Base, Synced
from desktop.storage.naming import PinyinNamed


class SocialOrg(Base, Synced, PinyinNamed):
    __tablename__ = "social_org"

    community_id: Mapped[str] = mapped_column(ForeignKey("community.id"), index=True)
    category: Mapped[str] = mapped_column(String(16))  # domain.codes.ORG_CATEGORIES
    status: Mapped[str] = mapped_column(String(16), index=True)  # domain.codes.ORG_STATUSES
    credit_code: Mapped[str] = mapped_column(String(18), default="")  # required when registered
    founded_on: Mapped[date | None] = mapped_column(Date, default=None)
    leader: Mapped[str] = mapped_column(String(50), default="")
    leader_phone_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, default=None,
                                                              info={"sealed": "leader_phone"})
    members: Mapped[int | None] = mapped_column(Integer, default=None)
    party_branch: Mapped[bool] = mapped_column(Boolean, default=False)
    brand: Mapped[bool] = mapped_column(Boolean, default=False)  # 品牌 organisation
    is_federation: Mapped[bool] = mapped_column(Boolean, default=False)  # the township 联合会
    federation_id: Mapped[str | None] = mapped_column(ForeignKey("social_org.id"), default=None)
    notes: Mapped[str] = mapped_column(String(500), default="")
    # What a proposal's basic table asks of the applicant (FORMS.md); added by migration 0012.
    address: Mapped[str] = mapped_column(String(200), default="", server_default=text("''"))  # 通讯地址
    postcode: Mapped[str] = mapped_column(String(6), default="", server_default=text("''"))  # 邮政编码
    inspection: Mapped[str] = mapped_column(String(16), default="", server_default=text("''"))  # 年检结论
    rating: Mapped[str] = mapped_column(String(8), default="", server_default=text("''"))  # 评估等级
    profile: Mapped[str] = mapped_column(String(500), default="", server_default=text("''"))  # 单位简介


class SocialOrgStatusChange(Base, Synced):
    """Append-only: each change of status, with its date; the current status is the latest row."""

    __tablename__ = "social_org_status"
    __append_only__: ClassVar[bool] = True

    org_id: Mapped[str] = mapped_column(ForeignKey("social_org.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    changed_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(200), default="")
