"""Each register's ``count``, which its page asks on the database worker, counts what ``list_ids`` lists,
filtered and searched, deleted records included only when asked."""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest

from desktop.services import clients, communities, donors, orgs, volunteers, workers
from desktop.services.clients import ClientQuery
from desktop.services.communities import CommunityQuery
from desktop.services.donors import DonorQuery
from desktop.services.guard import PermissionDenied
from desktop.services.orgs import OrgQuery
from desktop.services.volunteers import VolunteerQuery
from desktop.services.workers import WorkerQuery
from desktop.storage.database import Database
from volunteer_testing import signed_in
from wushe_testing import DemoTemplate, open_copy

CASES: list[tuple[ModuleType, Any]] = [
    (clients, ClientQuery()),
    (clients, ClientQuery(target_group="elderly_alone", include_deleted=True)),
    (clients, ClientQuery(text="zjh")),
    (orgs, OrgQuery()),
    (orgs, OrgQuery(status="registered", order_by="members")),
    (orgs, OrgQuery(text="没有这样的组织")),
    (workers, WorkerQuery(include_deleted=True)),
    (donors, DonorQuery(offer="venue")),
    (volunteers, VolunteerQuery()),
    (volunteers, VolunteerQuery(status="active", text="w")),
    (communities, CommunityQuery()),
    (communities, CommunityQuery(setting="rural", include_deleted=True)),
]


@pytest.fixture(scope="module")
def station(demo_template: DemoTemplate, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """The demo station with its head signed in; the tests only read it."""
    db = signed_in(open_copy(demo_template.path, tmp_path_factory.mktemp("counts")), "admin")
    yield db
    db.close()


@pytest.mark.parametrize(("register", "query"), CASES, ids=[f"{r.__name__.rsplit('.')[-1]}-{n}"
                                                             for n, (r, _q) in enumerate(CASES)])
def test_the_count_is_how_many_the_list_holds(station: Database, register: ModuleType, query: Any) -> None:
    with station.read() as session:
        assert register.count(session, query) == len(register.list_ids(session, query))


def test_the_whole_register_counts_more_than_a_filter_leaves(station: Database) -> None:
    with station.read() as session:
        assert orgs.count(session, OrgQuery()) > orgs.count(session, OrgQuery(status="registered")) > 0

