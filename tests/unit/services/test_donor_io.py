"""The charity-resource register in spreadsheets: what a donor offers as a Chinese list in one cell,
credit codes one donor's also within a sheet; exports with phones and addresses masked by role, and a
masked export read back with each masked value left out and said so."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop.services import donor_io, donors
from desktop.services.donors import DonorQuery, DonorView
from desktop.services.imports import WARNING, ImportRefused
from desktop.services.register_io import REGISTERS
from desktop.storage.database import Database
from messy_workbooks import workbook
from people_workbooks import DONOR_BAD, DONOR_CODE, DONOR_GOOD, donor_grid
from register_io_testing import by_name, errors_at, exported, import_file, register_fixtures, round_trip
from volunteer_testing import signed_in

SPEC = donor_io.IMPORT
clerk, empty_register = register_fixtures(donors)


@pytest.mark.parametrize("suffix", [".ods", ".xlsx"])
def test_problems_are_reported_at_their_rows(clerk: Database, tmp_path: Path, suffix: str) -> None:
    _report, found = errors_at(clerk, SPEC, workbook(tmp_path, suffix, {"资源": donor_grid()}), 2, DONOR_GOOD, DONOR_BAD)
    assert found[5] == "A person has no unified social credit code."
    assert found[6].startswith("“技术” is not one of: Money, Goods")
    assert found[7] == "清河农商银行青山支行 is already in the register."
    assert found[8] == "This credit code is also given to 青山镇惠民药房 in this sheet."
    assert found[9] == "Repeats row 3 of this sheet."


def test_offers_written_as_a_chinese_list_arrive_as_codes(clerk: Database, tmp_path: Path) -> None:
    path = workbook(tmp_path, ".ods", {"资源": donor_grid()})
    before = set(by_name(clerk, donors))
    with pytest.raises(ImportRefused):
        import_file(clerk, SPEC, path, valid_only=False)
    assert set(by_name(clerk, donors)) == before
    assert import_file(clerk, SPEC, path).added == len(DONOR_GOOD)
    pharmacy, teacher, post = (by_name(clerk, donors)[name] for name in DONOR_GOOD.values())
    assert (pharmacy.kind, pharmacy.offers, pharmacy.community, pharmacy.credit_code, pharmacy.phone,
            pharmacy.address, pharmacy.offer_notes, pharmacy.first_contact_on) == (
        "enterprise", ("money", "goods"), "新华社区", DONOR_CODE, "13923017701", "青山镇新华街 20 号", "常用药品",
        date(2025, 4, 2))
    assert (teacher.kind, teacher.offers, teacher.community) == ("individual", ("professional", "volunteer"), "")
    assert (post.kind, post.offers, post.first_contact_on) == ("unit", ("venue", "volunteer"), date(2025, 1, 1))


def test_an_export_imports_back_into_another_station(clerk: Database, empty_register: Database,
                                                     tmp_path: Path) -> None:
    def fields(d: DonorView) -> tuple[object, ...]:
        return (d.kind, d.offers, d.community, d.credit_code, d.contact_person, d.phone, d.address, d.offer_notes,
                d.first_contact_on, d.notes)

    result = round_trip(clerk, empty_register, donors, REGISTERS["donors"], DonorQuery(), tmp_path / "资源.xlsx",
                        fields)
    assert result.report.problems == []


def test_a_viewers_masked_export_comes_back_without_the_masked_values(demo: Database, empty_register: Database,
                                                                      tmp_path: Path) -> None:
    path = tmp_path / "资源.xlsx"
    rows = exported(signed_in(demo, "zhaolei"), donor_io.EXPORT, path, DonorQuery(kind="individual"))
    assert all("****" in str(row[5]) and str(row[6]).endswith("****") for row in rows[1:])
    result = import_file(empty_register, SPEC, path, valid_only=False)
    assert result.added == len(rows) - 1
    assert [(p.row, p.column, p.message, p.severity) for p in result.report.problems] == [
        (number, column, f"“{value}” is masked, so it was left out; write it in full to import it.", WARNING)
        for number, row in enumerate(rows[1:], start=2) for column, value in (("Phone", row[5]), ("Address", row[6]))]
    assert all((d.phone, d.address) == ("", "") for d in by_name(empty_register, donors).values())
