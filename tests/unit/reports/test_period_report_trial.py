"""What a trial of the statistics report found: the columns say what they hold beside an overall "met" (each
community's own shortfall, the deadline to meet the target), an indicator with nothing to count is "not
applicable", and a table's totals row never stands alone at the top of the next page (nor with only one
line)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from desktop.reports.period_report import _split
from desktop.reports.project_paper import ProjectPaper
from desktop.services.period_workbook import SHEETS, write_period_workbook
from test_period_report import APRIL, STATION, _values, indicators, stats, table


def test_the_indicator_sheet_heads_its_columns_for_what_they_hold(tmp_path: Path) -> None:
    met = replace(indicators().results[0], met=True)  # overall met, one community short
    rural = replace(met, indicator="orgs_per_rural_community", value=None, met=None, falling_short=(),
                    note="No rural villages on the register.", applies=False)
    report = replace(indicators(), results=(met, rural))
    rows = table(write_period_workbook(tmp_path / "stats.xlsx", stats(), report, STATION), SHEETS[3])
    # Not "falling short" beside a "yes": the indicator is met overall and these villages are below its target.
    assert rows[0] == ["Indicator", "Value", "Unit", "Target", "Deadline to meet it", "Met",
                       "Villages or communities below the target"]
    assert rows[1][5:] == ["yes", "石桥村"]
    assert rows[2][5] == "not applicable"


def test_the_totals_row_keeps_to_the_lines_above_it() -> None:
    lines = [(f"第{n}村", _values(APRIL)) for n in range(40)]
    table = _split(ProjectPaper(), "Village or community", lines, stats())[0]
    _width, height = table.wrap(500, 10_000)
    rows = table._rowHeights
    room = height - rows[-1] + 1  # everything but the totals row fits
    first, *rest = table.split(500, room)
    assert rest and len(first._cellvalues) == len(rows) - 3  # the last two lines went over with the totals
    assert [row[0][0].getPlainText() for row in rest[0]._cellvalues[1:-1]] == ["第38村", "第39村"]
