"""The needs and resources lists a window at a time, as their paged tables read them: the windows put
together are the list, in each order it may be sorted by, and the count is the list's length."""

from __future__ import annotations

from desktop.services import needs, resources
from desktop.services.needs import NeedQuery
from desktop.services.resources import ResourceQuery
from project_testing import acting


def test_windows_of_the_needs_put_together_are_the_list_in_each_order(demo) -> None:
    with acting(demo, "zhaolei"), demo.read() as session:
        every = needs.list_needs(session)
        for order in needs.ORDERS:
            for descending in (False, True):
                query = NeedQuery(order_by=order, descending=descending)
                first = needs.list_page(session, query, 0, 5, True)
                rest = needs.list_page(session, query, 5, 1000, False)
                assert first.total == needs.count(session, query) == len(every)
                assert sorted(first.ids + rest.ids) == sorted(r.id for r in every)
                assert [r.id for r in needs.get_many(session, first.ids)] == first.ids
        # The list's own order is the one the command line prints.
        assert needs.list_page(session, NeedQuery(), 0, 1000, False).ids == [r.id for r in every]
        unclosed = NeedQuery(status="unclosed", order_by="found_on", descending=True)
        days = [r.found_on for r in needs.get_many(session, needs.list_page(session, unclosed, 0, 1000, False).ids)]
        assert days == sorted(days, reverse=True) and needs.count(session, unclosed) == len(days)


def test_windows_of_the_resources_are_the_list(demo) -> None:
    with acting(demo, "zhaolei"), demo.read() as session:
        every = resources.list_resources(session)
        for order in resources.ORDERS:
            page = resources.list_page(session, ResourceQuery(order_by=order), 0, 1000, True)
            assert page.total == len(every) and sorted(page.ids) == sorted(r.id for r in every)
        by_status = resources.list_page(session, ResourceQuery(status="paused"), 0, 1000, False).ids
        assert by_status == [r.id for r in resources.list_resources(session, status="paused")]
