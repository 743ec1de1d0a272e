"""``wushe cases follow-ups --worker USER`` (issue 5, K5 #2): a user who does not exist, whose role holds no
case (finance, a viewer), or another worker asked for by a social worker is refused in one line naming
what is wrong; a social worker with nothing due gets the empty list's own words."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_testing import sign_in_env, wushe


def test_the_due_list_of_a_worker_says_what_is_wrong(capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch, demo_file: Path) -> None:
    sign_in_env(monkeypatch, "admin")

    def refused(user: str) -> str:
        return wushe(capsys, demo_file, "cases", "follow-ups", "--worker", user, expect=2).strip()

    assert refused("Nobody") == "Error: --worker: There is no user named nobody."
    assert refused("wangfang") == ("Error: --worker: 王芳 (Finance officer) is not a social worker: no case is "
                                   "theirs to follow up.")
    assert refused("zhaolei").startswith("Error: --worker: 赵磊 (Viewer (read only)) is not a social worker")
    wushe(capsys, demo_file, "users", "add", "--username", "sunli", "--name", "孙丽", "--role", "caseworker",
          "--password", "Qingshan-2026-new")
    assert wushe(capsys, demo_file, "cases", "follow-ups", "--worker", "sunli").strip() == \
        "No follow-up of sunli's cases is due today."
    assert wushe(capsys, demo_file, "cases", "follow-ups", "--worker", "sunli", "--json").strip() == "[]"
    assert "(overdue)" in wushe(capsys, demo_file, "cases", "follow-ups", "--worker", "lixia")  # the head sees hers
    sign_in_env(monkeypatch, "lixia")
    assert refused("chenjun") == ("Error: You see the follow-ups of your own cases; the station head sees every "
                                  "worker's.")
    assert "(overdue)" in wushe(capsys, demo_file, "cases", "follow-ups", "--worker", "lixia")  # her own
