"""The row checker reads what a sheet lacks once and each distinct cell once, with the same outcome as
reading every cell of every row: a column the sheet lacks whose blank is refused is reported on each row,
and 1, 1.0, True and "1" stay four cells."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from desktop.errors import ValidationError
from desktop.services.import_spec import ImportColumn, ImportSpec, Table
from desktop.services.row_checks import RowChecker
from desktop.services.spreadsheet import Cell


@dataclass(frozen=True)
class Item:
    name: str
    size: Any
    colour: Any

    def validated(self) -> Item:
        return self


def kind_of(cell: Cell) -> str:
    return f"{type(cell).__name__}:{cell}"


def refusing_blank(cell: Cell) -> str:
    if cell == "":
        raise ValidationError("", "Enter a colour.")
    return str(cell)


def spec(colour: ImportColumn) -> ImportSpec[Item, None]:
    columns = (ImportColumn("name", "Name", ("名称",), required=True), ImportColumn("size", "Size", ("大小",), kind_of),
               colour)
    return ImportSpec("Items", columns, lambda _session: None,
                      lambda values, _lookups: Item(values["name"], values["size"], values["colour"]),
                      lambda _item, _lookups: None, lambda item: item.name, lambda _session, _item: None)


def outcomes(colour: ImportColumn, rows: Sequence[Sequence[Cell]]) -> list[Any]:
    table = Table("表", 1, ("名称", "大小"), [(number, row) for number, row in enumerate(rows, start=2)], True)
    checked = RowChecker(spec(colour), None, table, {"name": 0, "size": 1})(table.rows)
    return [(o.number, [p.message for p in o.problems], o.data) for o in checked]


def test_a_column_the_sheet_lacks_reads_as_its_blank_on_every_row() -> None:
    colour = ImportColumn("colour", "Colour", ("颜色",), lambda cell: str(cell) or "none")
    found = outcomes(colour, [["a", 1], ["b", 1.0], ["c", True], ["d", "1"]])
    assert found == [(2, [], Item("a", "int:1", "none")), (3, [], Item("b", "float:1.0", "none")),
                     (4, [], Item("c", "bool:True", "none")), (5, [], Item("d", "str:1", "none"))]


def test_a_lacking_column_that_refuses_a_blank_is_reported_on_each_row() -> None:
    found = outcomes(ImportColumn("colour", "Colour", ("颜色",), refusing_blank), [["a", 2], ["b", 3]])
    assert found == [(2, ["Enter a colour."], None), (3, ["Enter a colour."], None)]


def test_a_refused_cell_is_reported_with_the_others_of_its_row() -> None:
    def small(cell: Cell) -> str:
        if cell == "big":
            raise ValidationError("", "Too big.")
        return str(cell)

    size = ImportColumn("colour", "Colour", ("颜色",), lambda cell: str(cell) or "none")
    table = Table("表", 1, ("名称", "大小"), [(2, ["a", "big"]), (3, ["b", "small"])], True)
    items = ImportSpec("Items", (ImportColumn("name", "Name", ("名称",), required=True),
                                 ImportColumn("size", "Size", ("大小",), small), size),
                       lambda _session: None, lambda values, _lookups: Item(values["name"], values["size"],
                                                                             values["colour"]),
                       lambda _item, _lookups: None, lambda item: item.name, lambda _session, _item: None)
    checked = RowChecker(items, None, table, {"name": 0, "size": 1})(table.rows)
    assert [(o.number, [(p.column, p.message) for p in o.problems], o.data) for o in checked] == [
        (2, [("Size", "Too big.")], None), (3, [], Item("b", "small", "none"))]
