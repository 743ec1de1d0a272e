"""The lines an import prints (CLI) and shows (数据同步): one list for both."""

from __future__ import annotations

import pytest

from desktop.i18n import set_locale
from desktop.sync.exchange import ImportResult
from desktop.sync.import_text import imported_lines


def result(**changed: object) -> ImportResult:
    fields = dict(bundle_id="b", sender_id="s", sender_name="甲站", kind="data", sequence=3, inserted=1, updated=2,
                  unchanged=3, older=0, conflicts=0, attachments=0, missing_sequences=(), chain_broken=False,
                  skew_ms=0, skewed=False, clock_ahead="", clock_ahead_name="", clock_ahead_here=False, ack=None)
    return ImportResult(**{**fields, **changed})  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def chinese() -> None:
    set_locale("zh_CN")


def test_a_plain_import_is_one_line() -> None:
    assert imported_lines(result()) == ["已导入 甲站 的第 3 号数据包：新增 1 条，更新 2 条，已有 3 条，较本地旧 0 条，冲突 0 条。"]


def test_missing_bundles_and_filled_fields_are_said() -> None:
    lines = imported_lines(result(missing_sequences=(1, 2), filled=2))
    assert lines[1] == "尚未收到 甲站 的数据包：1, 2。"
    assert lines[2].startswith("补全 2 条")
