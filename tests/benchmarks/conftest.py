"""Benchmarks run only under ``make bench`` (``-m bench``): every test in this folder carries the
``bench`` marker even if its author forgot it, so ``make test`` (``-m "not slow and not bench"``)
deselects them all."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).parent


@pytest.hookimpl(tryfirst=True)  # before -m deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.bench)
