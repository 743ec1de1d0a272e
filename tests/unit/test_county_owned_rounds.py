"""A micro-venture round the county office runs is its own at the stations too (issue 8 trial #4): a station
may neither change nor delete it, nor its rubric, and says whose it is; a station's change that reaches the
county anyway (an older version of the app) is not merged there, is audited and counted in the import's
report. A station's own round stays its own to change."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from desktop.services import rounds
from desktop.services.rounds import CriterionInput
from desktop.storage.models import AuditEntry, ProjectRound
from desktop.sync import home_node
from desktop.sync.home_node import ReadOnlyHere, read_only_reason
from desktop.sync.import_text import imported_lines
from project_testing import round_input
from sync_testing import Node, a, c, exchanged, pair_by_keys

__all__ = ["a", "c"]  # the fixtures

REASON = "This record (Micro-venture rounds) belongs to the county office, 县民政局; ask them to change it."


def county_round(a: Node, c: Node, folder: Path) -> str:
    pair_by_keys(a, c)
    with c.db.write() as session:
        round_id = rounds.add(session, round_input(name="县级微创投")).id
    exchanged(c, a, folder)
    return round_id


def test_a_station_may_not_change_the_countys_round(a: Node, c: Node, tmp_path: Path) -> None:
    round_id = county_round(a, c, tmp_path)
    before = a.dump()
    with pytest.raises(ReadOnlyHere) as refused:
        with a.db.write() as session:
            rounds.update(session, round_id, replace(rounds.get(session, round_id).as_input(), name="改过的批次"))
    assert refused.value.message == REASON and refused.value.owner == c.node_id
    for change in (lambda session: rounds.delete(session, round_id),
                   lambda session: rounds.set_rubric(session, round_id, [CriterionInput("需求", 100)])):
        with pytest.raises(ReadOnlyHere, match="ask them to change it"):
            with a.db.write() as session:
                change(session)
    assert a.dump() == before
    with a.db.read() as session:
        assert read_only_reason(session, "project_round", round_id) == REASON
        assert "county office" in read_only_reason(session, "round_criterion",
                                                   rounds.get(session, round_id).criteria[0].id)
    with c.db.read() as session:  # the county's own
        assert read_only_reason(session, "project_round", round_id) == ""

    with a.db.write() as session:  # the station's own round
        own = rounds.add(session, round_input(name="镇级微创投")).id
    with a.db.write() as session:
        rounds.update(session, own, replace(rounds.get(session, own).as_input(), notes="改了"))
        assert read_only_reason(session, "project_round", own) == ""


def test_a_stations_change_to_the_countys_round_is_not_merged_there(a: Node, c: Node, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    round_id = county_round(a, c, tmp_path)
    with monkeypatch.context() as older_app:  # a station still running a version without the check
        older_app.setattr(home_node, "_refuse_county_rows", lambda _session: None)
        with a.db.write() as session:
            rounds.update(session, round_id, replace(rounds.get(session, round_id).as_input(), name="改过的批次"))
    _sent, done = exchanged(a, c, tmp_path)
    assert done.refused == 1 and done.updated == 0
    assert any(line.startswith("1 change was not applied") for line in imported_lines(done))
    with c.db.read() as session:
        assert session.get(ProjectRound, round_id).name == "县级微创投"
        refused = session.query(AuditEntry).filter(AuditEntry.action == "sync.refuse_origin").one()
        assert refused.row_id == round_id and c.node_id in refused.detail
