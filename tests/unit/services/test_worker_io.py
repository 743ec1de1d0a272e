"""The social-worker register in spreadsheets: certificate levels as stations write them, several
communities in one cell, certificate numbers one person's; exports with phones masked by role, read back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop.services import worker_io, workers
from desktop.services.imports import ImportRefused
from desktop.services.register_io import REGISTERS
from desktop.services.workers import WorkerQuery, WorkerView
from desktop.storage.database import Database
from messy_workbooks import workbook
from people_workbooks import LI_XIA_CERT, WORKER_BAD, WORKER_GOOD, worker_grid
from register_io_testing import by_name, errors_at, exported, import_file, register_fixtures, round_trip
from volunteer_testing import signed_in

SPEC = worker_io.IMPORT
clerk, empty_register = register_fixtures(workers)


@pytest.mark.parametrize("suffix", [".xls", ".xlsx"])
def test_problems_are_reported_at_their_rows(clerk: Database, tmp_path: Path, suffix: str) -> None:
    _report, found = errors_at(clerk, SPEC, workbook(tmp_path, suffix, {"社工": worker_grid()}), 2, WORKER_GOOD,
                               WORKER_BAD)
    assert found[5] == "There is no village or community named 幸福村 in the station's list."
    assert found[6] == "Enter the certificate number."
    assert found[7] == f"Certificate {LI_XIA_CERT} is already registered to 李霞."
    assert found[8] == "Repeats row 3 of this sheet."


def test_levels_as_chinese_labels_and_communities_in_one_cell(clerk: Database, tmp_path: Path) -> None:
    before = set(by_name(clerk, workers))
    with pytest.raises(ImportRefused):
        import_file(clerk, SPEC, workbook(tmp_path, ".xls", {"社工": worker_grid()}), valid_only=False)
    assert set(by_name(clerk, workers)) == before
    result = import_file(clerk, SPEC, workbook(tmp_path, ".xls", {"社工": worker_grid()}))
    assert (result.added, result.skipped) == (len(WORKER_GOOD), len(WORKER_BAD))
    found = by_name(clerk, workers)
    qian, kong, niu = (found[name] for name in WORKER_GOOD.values())
    assert (qian.employer_kind, qian.employment, qian.cert_level, qian.cert_number, qian.cert_year, qian.phone,
            set(qian.communities), qian.joined_on, qian.status) == (
        "station", "full_time", "assistant", "2021500110004401", 2021, "13923016601", {"石桥村", "双河村", "桂花村"},
        date(2021, 7, 1), "active")
    assert (kong.employer_kind, kong.employer_name, kong.employment, kong.cert_level, kong.cert_number,
            kong.cert_year, set(kong.communities), kong.joined_on, kong.notes) == (
        "agency", "清河县阳光社会工作服务中心", "part_time", "intermediate", "2020500110004402", 2020, {"青山社区", "河滨社区"},
        date(2022, 3, 1), "驻站督导")
    assert (niu.employer_kind, niu.cert_level, niu.status, niu.communities) == ("community", "none", "left", ("双河村",))


@pytest.mark.parametrize(("user", "revealed"), [("lixia", True), ("wangfang", False), ("zhaolei", False)])
def test_phones_are_exported_as_the_role_sees_them(demo: Database, tmp_path: Path, user: str, revealed: bool) -> None:
    rows = exported(signed_in(demo, user), worker_io.EXPORT, tmp_path / "w.xlsx", WorkerQuery(cert_level="senior"))
    header = rows[0]
    assert header[:6] == ["Full name", "Gender", "Employer type", "Employer", "Employment", "Qualification"]
    phones = [str(row[header.index("Phone")]) for row in rows[1:]]
    assert phones and all(("****" not in phone) == revealed for phone in phones)


def test_an_export_imports_back_into_another_station(clerk: Database, empty_register: Database,
                                                     tmp_path: Path) -> None:
    def fields(w: WorkerView) -> tuple[object, ...]:  # all but ids and the linked account, which a sheet cannot link
        return (w.gender, w.employer_kind, w.employer_name, w.employment, w.cert_level, w.cert_number, w.cert_year,
                w.phone, w.status, w.joined_on, w.notes, w.communities)

    result = round_trip(clerk, empty_register, workers, REGISTERS["workers"], WorkerQuery(), tmp_path / "社工.xlsx",
                        fields)
    assert result.report.problems == []
