"""Villages and urban communities: add, edit, tombstone, restore, uniqueness, listing and sorting."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.cli.main import main
from desktop.domain.pinyin import sort_key
from desktop.errors import NotFoundError, ValidationError
from desktop.services import communities
from desktop.services.communities import CommunityInput, CommunityQuery
from desktop.storage.database import Database
from desktop.storage.models import AuditEntry, ChangeLogEntry, Community


def add(db: Database, name: str, setting: str = "rural", population: int | str | None = None,
        division_code: str = "", notes: str = "") -> str:
    with db.write() as session:
        return communities.add(session, CommunityInput(name, setting, population, division_code, notes)).id


def ids(db: Database, **query: object) -> list[str]:
    with db.read() as session:
        return communities.list_ids(session, CommunityQuery(**query))  # type: ignore[arg-type]


def names(db: Database, **query: object) -> list[str]:
    with db.read() as session:
        return [c.name for c in communities.list_all(session, CommunityQuery(**query))]  # type: ignore[arg-type]


def journal_sizes(db: Database) -> tuple[int, int, int]:
    with db.read() as session:
        return tuple(  # type: ignore[return-value]
            session.scalar(select(func.count()).select_from(t)) or 0 for t in (Community, ChangeLogEntry, AuditEntry)
        )


def refusal(db: Database, call) -> ValidationError:  # type: ignore[no-untyped-def]
    before = journal_sizes(db)
    with pytest.raises(ValidationError) as info:
        with db.write() as session:
            call(session)
    assert journal_sizes(db) == before  # a refused unit of work writes nothing
    return info.value


def test_add_and_get(initialized_db: Database) -> None:
    db = initialized_db
    with db.write() as session:
        view = communities.add(session, CommunityInput(" 石桥  村 ", "rural", "2,310", "500110108201", " 山区 "))
    assert (view.name, view.setting, view.population, view.division_code, view.notes, view.deleted) == (
        "石桥 村", "rural", 2310, "500110108201", "山区", False)
    with db.read() as session:
        assert communities.get(session, view.id) == view
        row = session.get(Community, view.id)
        assert row is not None and row.station_id == db.node_id
    assert view.as_input() == CommunityInput("石桥 村", "rural", 2310, "500110108201", "山区")


@pytest.mark.parametrize(("data", "field"), [
    (CommunityInput("", "rural"), "name"),
    (CommunityInput("   ", "rural"), "name"),
    (CommunityInput("村" * 101, "rural"), "name"),
    (CommunityInput("石桥村", "town"), "setting"),
    (CommunityInput("石桥村", ""), "setting"),
    (CommunityInput("石桥村", "rural", "many"), "population"),
    (CommunityInput("石桥村", "rural", -1), "population"),
    (CommunityInput("石桥村", "rural", "-5"), "population"),
    (CommunityInput("石桥村", "rural", "1.5"), "population"),
    (CommunityInput("石桥村", "rural", 10_000_001), "population"),
    (CommunityInput("石桥村", "rural", True), "population"),
    (CommunityInput("石桥村", "rural", None, "12"), "division_code"),
    (CommunityInput("石桥村", "rural", None, "990110108201"), "division_code"),
    (CommunityInput("石桥村", "rural", None, "", "注" * 501), "notes"),
])
def test_add_validates_each_field(initialized_db: Database, data: CommunityInput, field: str) -> None:
    error = refusal(initialized_db, lambda s: communities.add(s, data))
    assert error.field == field


@pytest.mark.parametrize("population", [None, "", "  "])
def test_population_may_be_unknown(initialized_db: Database, population: str | None) -> None:
    with initialized_db.write() as session:
        assert communities.add(session, CommunityInput("柏林村", "rural", population)).population is None


def test_duplicate_name_is_refused(initialized_db: Database) -> None:
    db = initialized_db
    add(db, "石桥村")
    error = refusal(db, lambda s: communities.add(s, CommunityInput(" 石桥村 ", "urban")))
    assert error.field == "name"
    assert "石桥村" in error.message


def test_a_deleted_name_can_be_used_again(initialized_db: Database) -> None:
    db = initialized_db
    old = add(db, "石桥村")
    with db.write() as session:
        communities.delete(session, old)
    new = add(db, "石桥村")
    assert new != old
    assert names(db) == ["石桥村"]


def test_update(initialized_db: Database) -> None:
    db = initialized_db
    row_id = add(db, "石桥村", population=100)
    with db.write() as session:
        view = communities.update(session, row_id, CommunityInput("石桥新村", "urban", 150, "", "合并"))
    assert (view.name, view.setting, view.population, view.notes) == ("石桥新村", "urban", 150, "合并")
    with db.read() as session:
        assert communities.get(session, row_id) == view
        actions = list(session.scalars(
            select(AuditEntry.action).where(AuditEntry.row_id == row_id).order_by(AuditEntry.seq)))
    assert actions == ["insert", "update"]


def test_update_keeping_its_own_name_is_allowed(initialized_db: Database) -> None:
    db = initialized_db
    row_id = add(db, "石桥村", population=100)
    with db.write() as session:
        assert communities.update(session, row_id, CommunityInput("石桥村", "rural", 120)).population == 120


def test_update_to_a_taken_name_is_refused(initialized_db: Database) -> None:
    db = initialized_db
    add(db, "石桥村")
    other = add(db, "双河村")
    error = refusal(db, lambda s: communities.update(s, other, CommunityInput("石桥村", "rural")))
    assert error.field == "name"


def test_update_of_a_deleted_community_is_refused(initialized_db: Database) -> None:
    db = initialized_db
    row_id = add(db, "石桥村")
    with db.write() as session:
        communities.delete(session, row_id)
    error = refusal(db, lambda s: communities.update(s, row_id, CommunityInput("石桥村", "urban")))
    assert error.field == "name"


def test_unknown_id_is_not_found(initialized_db: Database) -> None:
    missing = "01900000-0000-7000-8000-000000000000"
    for call in (
        lambda s: communities.get(s, missing),
        lambda s: communities.update(s, missing, CommunityInput("x", "rural")),
        lambda s: communities.delete(s, missing),
        lambda s: communities.restore(s, missing),
    ):
        with pytest.raises(NotFoundError):
            with initialized_db.write() as session:
                call(session)


def test_delete_is_a_tombstone_and_restore_brings_it_back(initialized_db: Database) -> None:
    db = initialized_db
    row_id = add(db, "石桥村", population=10)
    with db.write() as session:
        communities.delete(session, row_id)
    sizes = journal_sizes(db)
    with db.write() as session:
        communities.delete(session, row_id)  # deleting again changes nothing
    assert journal_sizes(db) == sizes

    with db.read() as session:
        row = session.get(Community, row_id)
        assert row is not None and row.deleted_at is not None  # the row is still there
        assert communities.get(session, row_id).deleted
    assert ids(db) == []
    assert ids(db, include_deleted=True) == [row_id]

    with db.write() as session:
        view = communities.restore(session, row_id)
    assert not view.deleted and view.population == 10
    assert ids(db) == [row_id]
    with db.write() as session:
        communities.restore(session, row_id)  # restoring a live row changes nothing
    with db.read() as session:
        actions = list(session.scalars(
            select(AuditEntry.action).where(AuditEntry.row_id == row_id).order_by(AuditEntry.seq)))
        ops = list(session.scalars(
            select(ChangeLogEntry.op).where(ChangeLogEntry.row_id == row_id).order_by(ChangeLogEntry.seq)))
    assert actions == ["insert", "delete", "restore"]
    assert ops == ["insert", "delete", "update"]


def test_restore_refused_when_a_live_duplicate_exists(initialized_db: Database) -> None:
    db = initialized_db
    old = add(db, "石桥村")
    with db.write() as session:
        communities.delete(session, old)
    add(db, "石桥村")
    error = refusal(db, lambda s: communities.restore(s, old))
    assert error.field == "name"
    with db.read() as session:
        assert communities.get(session, old).deleted


@pytest.fixture
def several(initialized_db: Database) -> Database:
    db = initialized_db
    add(db, "青山社区", "urban", 8650)
    add(db, "河滨社区", "urban", 6210)
    add(db, "石桥村", "rural", 2310)
    add(db, "双河村", "rural", None)
    add(db, "100%村", "rural", 50)
    add(db, "1000村", "rural", 60)
    add(db, "A_B村", "rural", 70)
    add(db, "AXB村", "rural", 80)
    gone = add(db, "旧河村", "rural", 99999)
    with db.write() as session:
        communities.delete(session, gone)
    return db


def test_list_filters_by_setting(several: Database) -> None:
    assert sorted(names(several, setting="urban")) == ["河滨社区", "青山社区"]
    assert len(names(several, setting="rural")) == 6
    assert len(names(several)) == 8


def test_search_is_a_substring_match(several: Database) -> None:
    assert sorted(names(several, text="河")) == ["双河村", "河滨社区"]
    assert sorted(names(several, text=" 社区 ")) == ["河滨社区", "青山社区"]
    assert names(several, text="桥") == ["石桥村"]
    assert names(several, text="不存在") == []
    assert sorted(names(several, text="河", include_deleted=True)) == ["双河村", "旧河村", "河滨社区"]
    assert names(several, text="河", setting="urban") == ["河滨社区"]


def test_search_wildcards_are_literal(several: Database) -> None:
    assert names(several, text="%") == ["100%村"]
    assert names(several, text="0%") == ["100%村"]
    assert names(several, text="_") == ["A_B村"]
    assert names(several, text="A_B") == ["A_B村"]
    assert names(several, text="\\") == []


def test_sort_by_population_descending(several: Database) -> None:
    listed = names(several, order_by="population", descending=True)
    assert listed[:7] == ["青山社区", "河滨社区", "石桥村", "AXB村", "A_B村", "1000村", "100%村"]
    assert listed[-1] == "双河村"  # unknown population last
    ascending = names(several, order_by="population")
    assert ascending[1:] == list(reversed(listed[:7]))


def test_sort_falls_back_to_name(several: Database) -> None:
    assert names(several, order_by="no_such_column") == names(several)
    assert names(several) == sorted(names(several), key=sort_key)


def test_include_deleted(several: Database) -> None:
    assert "旧河村" not in names(several)
    with_deleted = names(several, include_deleted=True, order_by="population", descending=True)
    assert with_deleted[0] == "旧河村"
    with several.read() as session:
        views = communities.list_all(session, CommunityQuery(include_deleted=True))
    assert [v.name for v in views if v.deleted] == ["旧河村"]


def test_get_many_keeps_the_order_and_skips_missing(several: Database) -> None:
    order = ids(several, order_by="population")
    wanted = [order[2], "01900000-0000-7000-8000-000000000000", order[0]]
    with several.read() as session:
        views = communities.get_many(session, wanted)
    assert [v.id for v in views] == [order[2], order[0]]


def test_a_volunteer_service_point_and_its_note(initialized_db: Database, db_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    db = initialized_db
    with db.write() as session:
        view = communities.add(session, CommunityInput("石桥村", "rural", volunteer_point=True,
                                                       volunteer_point_note=" 村委会二楼 "))
    assert (view.volunteer_point, view.volunteer_point_note) == (True, "村委会二楼")
    assert view.as_input().volunteer_point_note == "村委会二楼"
    with pytest.raises(ValidationError) as raised, db.write() as session:
        communities.update(session, view.id, CommunityInput("石桥村", "rural", volunteer_point=True,
                                                            volunteer_point_note="长" * 101))
    assert raised.value.field == "volunteer_point_note"
    with db.write() as session:  # no point, no note about it
        view = communities.update(session, view.id, CommunityInput("石桥村", "rural", volunteer_point=False,
                                                                   volunteer_point_note="村委会二楼"))
    assert (view.volunteer_point, view.volunteer_point_note) == (False, "")
    with db.write() as session:
        communities.add(session, CommunityInput("青山社区", "urban", volunteer_point=True,
                                                volunteer_point_note="党群服务中心"))
    assert main(["--locale", "en", "--db", str(db_path), "communities", "list"]) == 0
    out = capsys.readouterr().out
    assert "Volunteer service point" in out and "yes, 党群服务中心" in out
