"""Names written in traditional characters, as old paper registers have them (issue 5, T5c): a search in
either script finds them, the village list names its own spelling to an import, and 0032 refolds the keys
of the names already on file."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from case_testing import add_client, as_user
from desktop.errors import ValidationError
from desktop.services import clients
from desktop.services.clients import ClientQuery
from desktop.services.import_links import community_id, community_ids
from desktop.storage.database import Database, make_engine, sqlite_url
from desktop.storage.migrate import upgrade
from desktop.storage.naming import name_keys
from wushe_testing import DemoTemplate, open_copy
from migration_testing import downgrade_to


def names(db: Database, search: str) -> list[str]:
    with db.read() as session:
        return [view.name for view in clients.list_all(session, ClientQuery(text=search))]


def test_a_search_folds_traditional_characters_on_both_sides(demo: Database) -> None:
    as_user(demo, "admin")
    add_client(demo, "陳麗華")
    add_client(demo, "张丽华")
    assert names(demo, "陈丽华") == ["陳麗華"]
    assert names(demo, "丽华") == ["陳麗華", "张丽华"]
    assert names(demo, "張麗華") == ["张丽华"]  # a query typed in traditional characters finds the simplified name
    assert names(demo, "陳麗") == ["陳麗華"]
    assert names(demo, "clh") == ["陳麗華"]
    with demo.read() as session:  # the full name, as ``wushe report client --client`` takes it
        assert clients.find(session, "陈丽华") == clients.find(session, "陳麗華")
        assert clients.get(session, clients.find(session, "張麗華")).name == "张丽华"


def test_simplified_names_keep_their_pinyin_keys() -> None:
    assert name_keys("张三", True)[1] == "zs zhangsan"
    assert name_keys("曾建华", True)[1].split()[-1] == "zengjianhua"
    assert "zjh" in name_keys("曾建华", True)[1].split()
    assert name_keys("陳麗華", True)[1] == "陈丽华\x1fclh chenlihua"
    assert name_keys("曾建華", True)[0] == name_keys("曾建华", True)[0]  # sorted as its simplified spelling


def test_an_import_names_the_villages_spelling(demo: Database) -> None:
    with demo.read() as session:
        listed = community_ids(session)
    assert community_id(listed, "石桥村", "community")
    with pytest.raises(ValidationError) as refused:
        community_id(listed, "石橋村", "community")
    assert refused.value.message == ("There is no village or community named 石橋村 in the station's list. "
                                     "The list has 石桥村: write the name as the list does.")


def test_0032_refolds_the_keys_already_on_file(demo_template: DemoTemplate, tmp_path: Path) -> None:
    db = as_user(open_copy(demo_template.path, tmp_path), "admin")
    client = add_client(db, "陳麗華")
    path = db.path
    with db.write() as session:  # as the keys were before 0032
        session.execute(text("UPDATE client SET name_search = 'clh chenlihua' WHERE id = :id"), {"id": client})
    db.close()
    downgrade_to(path, "0031")
    upgrade(path)
    engine = make_engine(sqlite_url(path))
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT name_search FROM client WHERE id = :id"), {"id": client}).scalar() == (
                "陈丽华\x1fclh chenlihua")
    finally:
        engine.dispose()
