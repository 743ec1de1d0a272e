"""An option whose value is one of a code table's codes (``--category elderly``), given as the code or as its
label (养老, or the whole label "Elderly care (养老)"); a wrong one is refused listing each code with its
label, elderly（养老）, in the active language."""

from __future__ import annotations

import argparse
import re
from typing import Any

from desktop.i18n import _
from desktop.services.cell_parsers import listing

_CHINESE_IN_LABEL = re.compile(r"\(([^()]+)\)$")  # "Elderly care (养老)": the Chinese name in its msgid


class CodeChoice:
    """argparse's ``type`` for a code of ``codes`` (code → msgid of its label)."""

    def __init__(self, codes: dict[str, str]) -> None:
        self.codes = codes
        self.__name__ = "code"  # argparse names the type in some messages

    def _names(self, code: str) -> set[str]:
        msgid = self.codes[code]
        names = {code.lower(), msgid.lower(), _(msgid).lower()}
        chinese = _CHINESE_IN_LABEL.search(msgid)
        if chinese:
            names.add(chinese.group(1))
        return names

    def __call__(self, text: str) -> str:
        wanted = text.strip().lower()
        for code in self.codes:
            if wanted in self._names(code):
                return code
        raise argparse.ArgumentTypeError(_("invalid choice: {value} (choose from {choices})").format(
            value=text, choices=self.shown()))

    def shown(self) -> str:
        return listing(_("{code} ({label})").format(code=code, label=_(msgid)) for code, msgid in self.codes.items())


def code_option(codes: dict[str, str], help_text: str = "") -> dict[str, Any]:
    """``add_argument`` keywords for an option (or positional) taking a code of ``codes`` or its label; its help
    lists them."""
    choice = CodeChoice(codes)
    listed = _("one of: {choices}").format(choices=choice.shown())
    return {"type": choice, "help": help_text + _("; ") + listed if help_text else listed}


def subset(codes: dict[str, str], *wanted: str) -> dict[str, str]:
    """The codes of ``codes`` that a command allows (``needs close``: solved or unsolvable)."""
    return {code: codes[code] for code in wanted}
