"""Every register a paged table shows lists the same ids a window at a time (``list_page``) as at once
(``list_ids``), for several orders and filters, and counts them only when asked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from desktop.services import audit_log, certificates, communities, donors, orgs, volunteers, workers
from desktop.services.audit_log import AuditQuery
from desktop.services.certificates import CertificateQuery
from desktop.services.communities import CommunityQuery
from desktop.services.donors import DonorQuery
from desktop.services.guard import Locked, PermissionDenied
from desktop.services.orgs import OrgQuery
from desktop.services.volunteers import VolunteerQuery
from desktop.services.workers import WorkerQuery
from desktop.storage.database import Database
from volunteer_testing import signed_in
from wushe_testing import DemoTemplate, open_copy

CASES: list[tuple[ModuleType, Any]] = [
    (orgs, OrgQuery()),
    (orgs, OrgQuery(order_by="community", descending=True)),
    (orgs, OrgQuery(status="registered", order_by="members")),
    (orgs, OrgQuery(text="没有这样的组织")),
    (workers, WorkerQuery()),
    (workers, WorkerQuery(order_by="cert_level", descending=True, include_deleted=True)),
    (donors, DonorQuery()),
    (donors, DonorQuery(order_by="kind", descending=True)),
    (donors, DonorQuery(offer="venue")),
    (volunteers, VolunteerQuery()),
    (volunteers, VolunteerQuery(order_by="registered_on", descending=True)),
    (volunteers, VolunteerQuery(status="active", order_by="community")),
    (certificates, CertificateQuery()),
    (communities, CommunityQuery()),
    (communities, CommunityQuery(order_by="population", descending=True, include_deleted=True)),
    (communities, CommunityQuery(setting="rural")),
    (audit_log, AuditQuery()),
    (audit_log, AuditQuery(action="user.")),
]


@pytest.fixture(scope="module")
def station(demo_template: DemoTemplate, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """The demo station with its head signed in; the tests only read it."""
    db = signed_in(open_copy(demo_template.path, tmp_path_factory.mktemp("pages")), "admin")
    yield db
    db.close()


def in_windows(db: Database, register: ModuleType, query: Any, size: int) -> tuple[list[list[Any]], int]:
    """Every window, read as a table reads them: counted with the first, then from where it got."""
    with db.read() as session:
        first = register.list_page(session, query, 0, size, True)
        windows = [first.ids]
        while sum(map(len, windows)) < first.total:
            page = register.list_page(session, query, sum(map(len, windows)), size, False)
            assert page.total is None, "counted only when asked"
            assert page.ids, "no empty window before the end"
            windows.append(page.ids)
        assert register.list_page(session, query, first.total, size, False).ids == []
    return windows, first.total


@pytest.mark.parametrize(("register", "query"), CASES, ids=[f"{r.__name__.rsplit('.')[-1]}-{n}"
                                                             for n, (r, _q) in enumerate(CASES)])
def test_windows_put_together_are_the_whole_list(station: Database, register: ModuleType, query: Any) -> None:
    with station.read() as session:
        expected = register.list_ids(session, query)
    size = max(1, len(expected) // 3)  # about three windows, the last one often short, whatever the size
    windows, total = in_windows(station, register, query, size)
    assert [i for window in windows for i in window] == expected
    assert total == len(expected)
    assert len(windows) >= min(len(expected), 3)


@pytest.mark.parametrize("register", sorted({r for r, _q in CASES}, key=lambda r: r.__name__))
def test_every_register_lists_enough_for_several_windows(station: Database, register: ModuleType) -> None:
    """Else the test above would prove nothing about offsets."""
    query = next(q for r, q in CASES if r is register)
    with station.read() as session:
        assert len(register.list_ids(session, query)) >= 2


def test_a_page_is_refused_to_whom_the_list_is(demo_template: DemoTemplate, tmp_path: Path) -> None:
    db = open_copy(demo_template.path, tmp_path)
    try:
        with db.read() as session, pytest.raises(Locked):
            volunteers.list_page(session, VolunteerQuery(), 0, 10, True)
        signed_in(db, "zhaolei")  # a viewer: the registers, not the audit log
        with db.read() as session:
            assert volunteers.list_page(session, VolunteerQuery(), 0, 10, True).total
            with pytest.raises(PermissionDenied):
                audit_log.list_page(session, AuditQuery(), 0, 10, True)
    finally:
        db.close()
