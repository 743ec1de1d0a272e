"""The needs, resources and projects lists of 五社联动 and the matches between them (供需对接, issue 9).

A need (需求清单) is what a visit or a request found in a community; a resource (资源清单) is what a donor,
an organisation, volunteers, a venue or a department offers; a match (对接) puts a resource or a project
to a need and is followed until it is closed. The projects list is the micro-venture projects with the
needs their matches answer, and the other service projects, kept as resources of kind
``service_project`` (domain.codes.RESOURCE_KINDS), since a station records them as what is on offer.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.sql.elements import Grouping
from sqlalchemy.orm import Mapped, mapped_column

from desktop.domain.codes import NEED_URGENCIES
from desktop.storage.base import Base, Synced
from desktop.storage.listed_order import in_listed_order
from desktop.storage.naming import PinyinNamed


class Need(Base, Synced):
    __tablename__ = "need"
    __table_args__ = (Index("ix_need_community_status", "community_id", "status"),
                      # The needs found and those solved in a period, for the statistics (0021).
                      Index("ix_need_found", "found_on", "community_id", "deleted_at"),
                      Index("ix_need_closed", "closed_on", "status", "community_id", "deleted_at"))

    community_id: Mapped[str] = mapped_column(ForeignKey("community.id"))
    category: Mapped[str] = mapped_column(String(16), index=True)  # domain.codes.NEED_CATEGORIES
    title: Mapped[str] = mapped_column(String(100))
    details: Mapped[str] = mapped_column(String(1000), default="")
    # Who needs it: domain.codes.NEED_HOLDERS — a client (client_id), a group (group_label), the whole community.
    holder: Mapped[str] = mapped_column(String(12))
    client_id: Mapped[str | None] = mapped_column(ForeignKey("client.id"), index=True, default=None)
    group_label: Mapped[str] = mapped_column(String(100), default="")  # e.g. 留守儿童
    people: Mapped[int | None] = mapped_column(Integer, default=None)  # how many people it concerns, if known
    urgency: Mapped[str] = mapped_column(String(8))  # domain.codes.NEED_URGENCIES
    source: Mapped[str] = mapped_column(String(16))  # domain.codes.NEED_SOURCES
    found_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), index=True)  # domain.codes.NEED_STATUSES
    outcome: Mapped[str] = mapped_column(String(500), default="")  # how it was answered, or why it could not be
    closed_on: Mapped[date | None] = mapped_column(Date, default=None)
    recorded_by: Mapped[str] = mapped_column(String(50), default="")  # the account's display name


# The needs list's own order, most urgent first, then the longest waiting (services.needs.LISTED): its first
# page walks this index instead of sorting every need (117 ms → 0.5 ms at 200,000 needs; revision 0021).
MOST_URGENT_FIRST = in_listed_order(Need.__table__.c.urgency, reversed(NEED_URGENCIES))
LISTING_INDEX = Index("ix_need_listing", Grouping(MOST_URGENT_FIRST), Need.__table__.c.found_on,
                      Need.__table__.c.title, Need.__table__.c.id)


class Resource(Base, Synced, PinyinNamed):
    __tablename__ = "resource"

    kind: Mapped[str] = mapped_column(String(16), index=True)  # domain.codes.RESOURCE_KINDS
    # The need categories it serves, as ",elderly,children," (services.tags), like a donor's offers.
    categories: Mapped[str] = mapped_column(String(200), default=",")
    # Where it comes from when it is on a register; provider_name names a department, venue owner or anyone else.
    donor_id: Mapped[str | None] = mapped_column(ForeignKey("donor.id"), index=True, default=None)
    org_id: Mapped[str | None] = mapped_column(ForeignKey("social_org.id"), index=True, default=None)
    volunteer_id: Mapped[str | None] = mapped_column(ForeignKey("volunteer.id"), index=True, default=None)
    provider_name: Mapped[str] = mapped_column(String(100), default="")
    community_id: Mapped[str | None] = mapped_column(ForeignKey("community.id"), index=True, default=None)  # None: township-wide
    capacity: Mapped[int | None] = mapped_column(Integer, default=None)  # needs it can take on at once; None: not limited
    capacity_note: Mapped[str] = mapped_column(String(100), default="")  # e.g. 每月 20 人次
    available_from: Mapped[date | None] = mapped_column(Date, default=None)
    available_until: Mapped[date | None] = mapped_column(Date, default=None)
    availability: Mapped[str] = mapped_column(String(200), default="")  # e.g. 周末上午
    status: Mapped[str] = mapped_column(String(12), index=True)  # domain.codes.RESOURCE_STATUSES
    contact: Mapped[str] = mapped_column(String(100), default="")  # an office, not a private phone
    notes: Mapped[str] = mapped_column(String(500), default="")


class NeedMatch(Base, Synced):
    """A resource or a project put to a need (exactly one of the two), followed until closed."""

    __tablename__ = "need_match"
    # A resource's record of matches, read for every candidate of a need without visiting the rows (0021).
    __table_args__ = (Index("ix_need_match_resource_status", "resource_id", "status", "deleted_at"),)

    need_id: Mapped[str] = mapped_column(ForeignKey("need.id"), index=True)
    resource_id: Mapped[str | None] = mapped_column(ForeignKey("resource.id"), index=True, default=None)
    project_id: Mapped[str | None] = mapped_column(ForeignKey("project.id"), index=True, default=None)
    matched_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), index=True)  # domain.codes.MATCH_STATUSES
    reason: Mapped[str] = mapped_column(String(500), default="")  # why this one: the ranking's explanation as shown
    follow_up: Mapped[str] = mapped_column(Text, default="")  # dated notes while it runs, which grow (0023)
    outcome: Mapped[str] = mapped_column(String(500), default="")
    closed_on: Mapped[date | None] = mapped_column(Date, default=None)
    handled_by: Mapped[str] = mapped_column(String(50), default="")


class PolicyProfileDoc(Base, Synced):
    """A policy profile a county sent down in a bundle (the shipped ones live in resources/policy_profiles)."""

    __tablename__ = "policy_profile"

    profile_id: Mapped[str] = mapped_column(String(40), index=True)
    body: Mapped[str] = mapped_column(Text)  # the profile's JSON, as services.indicators reads a file
    active: Mapped[bool] = mapped_column(Boolean, default=True)
