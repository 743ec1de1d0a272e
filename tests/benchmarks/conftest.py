"""Benchmarks time the real thing: argon2 at its production cost, not the tests' cheap one."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session", autouse=True)
def cheap_argon2() -> None:
    """Overrides the root conftest's: nothing made cheaper here."""
