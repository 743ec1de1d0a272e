"""The argparse messages our catalog translates are the ones the installed argparse asks for, word for word,
and once bound argparse asks our catalog."""

from __future__ import annotations

import argparse
import ast
import inspect
import re

from desktop.cli.argparse_words import ARGPARSE_MESSAGES, speak_our_language
from desktop.i18n import _


def test_each_marked_message_is_one_argparse_translates() -> None:
    source = inspect.getsource(argparse)
    asked = {ast.literal_eval(literal) for literal in re.findall(r"""\b_\((['"].*?['"])\)""", source)}
    assert set(ARGPARSE_MESSAGES) <= asked, set(ARGPARSE_MESSAGES) - asked
    # what a person meets at the command line is all there
    assert {"usage: ", "options", "show this help message and exit", "the following arguments are required: %s",
            "invalid choice: %(value)r (choose from %(choices)s)", "%(prog)s: error: %(message)s\n"} <= set(
        ARGPARSE_MESSAGES)


def test_argparse_translates_through_our_catalog() -> None:
    speak_our_language()
    assert argparse._ is _  # type: ignore[attr-defined]
