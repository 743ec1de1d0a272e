"""The demo round: its rubric is named in the demo's language, whatever the app showed while loading it."""

from __future__ import annotations

from sqlalchemy import select

from wushe_testing import DEMO_PASSWORD
from desktop.i18n import set_locale
from desktop.services import rounds
from desktop.services.demo import load_demo
from desktop.storage.database import Database
from desktop.storage.models import ProjectRound

CHINESE_RUBRIC = [("需求分析", 20), ("项目设计", 25), ("可行性与进度", 15), ("预算合理性", 15), ("执行能力", 15),
                  ("创新与可持续性", 10)]


def test_the_demo_rubric_is_chinese_even_when_loaded_in_english(db: Database) -> None:
    load_demo(db, DEMO_PASSWORD)  # the test runs in English
    set_locale("zh_CN")  # the score dialog and the summary show the stored names as they are
    with db.read() as session:
        round_id = session.scalars(select(ProjectRound.id)).one()
        assert [(c.name, c.weight) for c in rounds.get(session, round_id).criteria] == CHINESE_RUBRIC
