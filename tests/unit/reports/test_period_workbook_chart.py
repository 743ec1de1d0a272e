"""The 统计报表 workbook's chart: a native column chart on 分月 of the person-times served by month, its series
pointing at that sheet's own cells (the months, not the totals row), with the cells' values cached for a
viewer that does not recalculate, and its titles in the app's language. Read from the file's XML as Excel
reads it: nothing but the standard library, no spreadsheet program."""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from desktop.i18n import set_locale
from desktop.services.activity_stats import KEY_NAMES
from desktop.services.period_workbook import SHEETS, write_period_workbook
from desktop.services.spreadsheet import column_letter, read_sheet
from test_period_report import STATION, stats

NS = {"main": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
      "xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
      "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main"}


def _related(book: zipfile.ZipFile, part: str, kind: str) -> list[str]:
    """The parts that ``part`` links to with relationships of ``kind`` (drawing, chart, worksheet)."""
    folder, name = posixpath.split(part)
    rels = f"{folder}/_rels/{name}.rels"
    if rels not in book.namelist():
        return []
    root = ElementTree.fromstring(book.read(rels))
    return [posixpath.normpath(posixpath.join(folder, r.get("Target", "")))
            for r in root.findall("rel:Relationship", NS) if r.get("Type", "").endswith(f"/{kind}")]


def charts_of(path: Path) -> dict[str, list[tuple[ElementTree.Element, ElementTree.Element]]]:
    """Each sheet's charts by sheet name: the chart's XML and its anchor in the sheet's drawing."""
    with zipfile.ZipFile(path) as book:
        workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): posixpath.join("xl", r.get("Target", "")) for r in rels.findall("rel:Relationship", NS)}
        found: dict[str, list[tuple[ElementTree.Element, ElementTree.Element]]] = {}
        for sheet in workbook.findall("main:sheets/main:sheet", NS):
            part = targets[sheet.get(f"{{{NS['r']}}}id")]
            found[sheet.get("name", "")] = [
                (ElementTree.fromstring(book.read(chart)), anchor)
                for drawing in _related(book, part, "drawing")
                for anchor, chart in zip(ElementTree.fromstring(book.read(drawing)).findall("xdr:twoCellAnchor", NS),
                                         _related(book, drawing, "chart"), strict=True)]
    return found


def texts(element: ElementTree.Element, path: str) -> list[str]:
    return [t.text or "" for t in element.findall(path, NS)]


def test_the_month_sheet_charts_person_times_served(tmp_path: Path) -> None:
    out = write_period_workbook(tmp_path / "stats.xlsx", stats(), None, STATION)
    charts = charts_of(out)
    assert {name: len(found) for name, found in charts.items()} == {SHEETS[0]: 0, SHEETS[1]: 0, SHEETS[2]: 1}
    [(chart, anchor)] = charts[SHEETS[2]]
    assert chart.find("c:chart/c:plotArea/c:barChart/c:barDir", NS).get("val") == "col"
    [series] = chart.findall("c:chart/c:plotArea/c:barChart/c:ser", NS)
    column = column_letter(KEY_NAMES.index("person_times_served") + 1)
    sheet = SHEETS[2]
    # The header under the sheet's four heading rows, then the two months' rows, not the totals row under them.
    assert texts(series, "c:tx/c:strRef/c:f") == [f"{sheet}!${column}$5"]
    assert texts(series, "c:cat/c:strRef/c:f") == [f"{sheet}!$A$6:$A$7"]
    assert texts(series, "c:val/c:numRef/c:f") == [f"{sheet}!${column}$6:${column}$7"]
    assert texts(series, "c:tx/c:strRef/c:strCache/c:pt/c:v") == ["Person-times served (person-times)"]
    assert texts(series, "c:cat/c:strRef/c:strCache/c:pt/c:v") == ["Mar 2026", "Apr 2026"]
    assert texts(series, "c:val/c:numRef/c:numCache/c:pt/c:v") == ["900", "858"]
    rows = read_sheet(out, sheet).rows[4:]
    assert [row[0] for row in rows] == ["Month", "Mar 2026", "Apr 2026", "Whole period"]
    assert rows[0][KEY_NAMES.index("person_times_served") + 1] == "Person-times served (person-times)"
    assert [row[KEY_NAMES.index("person_times_served") + 1] for row in rows[1:]] == [900, 858, 1758]
    assert texts(chart, "c:chart/c:title//a:t") == ["Person-times served by month"]
    assert texts(chart, "c:chart/c:plotArea/c:catAx/c:title//a:t") == ["Month"]
    assert texts(chart, "c:chart/c:plotArea/c:valAx/c:title//a:t") == ["Person-times"]
    # Under the table, one row left empty: rows 5–8 hold the header, the months and the totals.
    assert anchor.find("xdr:from/xdr:row", NS).text == "9" and anchor.find("xdr:from/xdr:col", NS).text == "0"


def test_the_chart_speaks_chinese(tmp_path: Path) -> None:
    set_locale("zh_CN")
    out = write_period_workbook(tmp_path / "stats.xlsx", stats(), None, STATION)
    [(chart, _anchor)] = charts_of(out)[SHEETS[2]]
    assert texts(chart, "c:chart/c:title//a:t") == ["服务人次月度分布"]
    assert texts(chart, ".//c:cat/c:strRef/c:strCache/c:pt/c:v") == ["2026年3月", "2026年4月"]
    assert texts(chart, "c:chart/c:plotArea/c:valAx/c:title//a:t") == ["服务人次"]
