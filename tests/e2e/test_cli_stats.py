"""``wushe stats`` on a copy of the demo station, as the read-only 赵磊: the figures printed, as JSON, or
written as the 统计报表 PDF or .xlsx (with a policy profile's indicators); a date that is not one, a
period that ends before it starts, or a file of another kind is one line on stderr naming the flag, and
exit 2 with nothing written. A county's policy profile is found by its id, and the one chosen in 设置 goes in
when none is named."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cli_testing import sign_in_env, wushe
from desktop.services import indicators, signin
from desktop.services.activity_stats import KEY_NAMES
from desktop.services.period_workbook import SHEETS
from desktop.services.spreadsheet import read_sheet, sheet_names
from desktop.storage.models import PolicyProfileDoc
from desktop.storage.opening import open_database
from project_paper_testing import pdf_info, text_of
from wushe_testing import DEMO_PASSWORD, unembedded_fonts

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")

PERIOD = ("--from", "2026-01-01", "--to", "2026-12-31")


@pytest.fixture
def station(demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    sign_in_env(monkeypatch, "zhaolei")
    return demo_file


def test_stats_printed_and_as_json(station: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = wushe(capsys, station, "stats", *PERIOD)
    for fact in ("January 1, 2026 to December 31, 2026", "People visited at home", "Volunteer service time",
                 "hours", "Money raised", "yuan"):
        assert fact in out, fact
    found = json.loads(wushe(capsys, station, "stats", *PERIOD, "--json"))
    assert found["indicators"]["profile_id"] == "chongqing-2022"  # the demo station's choice in 设置
    stats = found["stats"]
    assert (stats["start"], stats["end"]) == ("2026-01-01", "2026-12-31")
    assert [f["key"] for f in stats["figures"]] == list(KEY_NAMES)
    totals = {f["key"]: f["value"] for f in stats["figures"]}
    assert totals["service_records"] > 0 and totals["volunteer_hours"] > 0 and totals["money_raised_fen"] > 0
    # Every figure but the counts of people adds up over the communities and over the months.
    for key in KEY_NAMES:
        if key not in ("people_visited", "volunteers_serving", "projects_running"):
            assert sum(c["values"][key] for c in stats["by_community"]) == totals[key], key
            assert sum(m["values"][key] for m in stats["by_month"]) == totals[key], key
    assert [m["month"] for m in stats["by_month"]] == [f"2026-{n:02d}" for n in range(1, 13)]


def test_stats_as_pdf_and_workbook_with_indicators(station: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    pdf = tmp_path / "stats.pdf"
    out = wushe(capsys, station, "stats", *PERIOD, "--profile", "hubei-2021", "--out", str(pdf))
    assert "stats.pdf" in out and "People visited at home" in out
    assert "Work Statistics Report (January 1, 2026 – December 31, 2026)" in pdf_info(pdf)["Title"]
    assert unembedded_fonts(pdf) == []
    text = text_of(pdf)
    assert "4. Indicators against the policy's targets" in text and "Person-times served by month" in text
    book = tmp_path / "stats.xlsx"
    found = json.loads(wushe(capsys, station, "stats", *PERIOD, "--profile", "hubei-2021", "--out", str(book),
                             "--json"))
    assert found["file"] == str(book) and [f["key"] for f in found["stats"]["figures"]] == list(KEY_NAMES)
    assert sheet_names(book) == list(SHEETS)
    assert len(read_sheet(book, SHEETS[3]).rows) > 1
    db = open_database(station)  # no profile named and none chosen: no 指标 sheet
    signin.sign_in(db, "admin", DEMO_PASSWORD)
    with db.write() as session:
        indicators.choose_profile(session, None)
    db.close()
    wushe(capsys, station, "stats", *PERIOD, "--out", str(book))
    assert sheet_names(book) == list(SHEETS[:3])


@pytest.mark.parametrize(("args", "flag"), [
    (("--from", "2026-13-01", "--to", "2026-12-31"), "--from"),
    (("--from", "2026-01-01", "--to", "31.12.2026"), "--to"),
    (("--from", "2026-06-01", "--to", "2026-05-31"), "--to"),
    ((*PERIOD, "--out", "stats.docx"), "--out"),
    ((*PERIOD, "--profile", "nowhere"), "--profile"),
])
def test_bad_input_is_named_at_its_flag(station: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], flag: str) -> None:
    monkeypatch.chdir(tmp_path)
    err = wushe(capsys, station, "stats", *args, expect=2)
    assert err.startswith(f"Error: {flag}: "), err
    assert not list(tmp_path.glob("stats.*"))


def test_a_county_profile_by_name_and_the_one_chosen(station: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A profile the county sent down is found by its id, and without --profile the one chosen in 设置 goes in."""
    county = tmp_path / "county.json"
    county.write_text(json.dumps({"id": "county-2026", "name": {"en": "County 2026", "zh_CN": "县方案"},
                                  "source": "县民政局 2026 年 1 号",
                                  "targets": [{"indicator": "federation", "comparison": ">=", "value": "1"}]}),
                      encoding="utf-8")
    assert "Only the county office" in wushe(capsys, station, "indicators", "profile-add", str(county), expect=2)
    db = open_database(station)  # as the county's bundle brings it
    signin.sign_in(db, "admin", DEMO_PASSWORD)
    with db.write() as session:
        session.add(PolicyProfileDoc(profile_id="county-2026", body=county.read_text(encoding="utf-8")))
    db.close()
    monkeypatch.setenv("WUSHE_USER", "zhaolei")
    out = wushe(capsys, station, "stats", *PERIOD, "--profile", "county-2026")
    assert "County 2026 (from the county): 县民政局 2026 年 1 号" in out
    pdf = tmp_path / "stats.pdf"
    wushe(capsys, station, "stats", *PERIOD, "--profile", "county-2026", "--out", str(pdf))
    assert "County 2026 (from the county)" in " ".join(text_of(pdf).split())
    db = open_database(station)
    signin.sign_in(db, "admin", DEMO_PASSWORD)
    with db.write() as session:
        indicators.choose_profile(session, "county-2026")
    db.close()
    found = json.loads(wushe(capsys, station, "stats", *PERIOD, "--json"))
    assert found["indicators"]["profile_id"] == "county-2026" and found["indicators"]["from_county"]
