"""Cheap argon2 for tests: the production cost (19 MiB, 2 passes) is slow on purpose, a few tenths of a
second per password hash, key wrap or sign-in, and most tests sign in. Tests about the parameters themselves
use the ``production_argon2`` fixture. Imports nothing heavy: ``run_wushe``'s processes load it first."""

from __future__ import annotations

from argon2 import PasswordHasher

from desktop.security import crypto
from desktop.services import keys

CHEAP = crypto.KdfParams(time_cost=1, memory_kib=8, parallelism=1)
PRODUCTION = (keys.HASHER, crypto.KdfParams.__init__.__defaults__, crypto.derive_key.__defaults__)


def use_cheap_argon2() -> None:
    """New hashes and key wraps in this process use CHEAP (each stores its parameters, so any process
    opens them); no sign-in rehashes them up to the production cost."""
    keys.HASHER = PasswordHasher(time_cost=CHEAP.time_cost, memory_cost=CHEAP.memory_kib, parallelism=CHEAP.parallelism)
    crypto.KdfParams.__init__.__defaults__ = (CHEAP.time_cost, CHEAP.memory_kib, CHEAP.parallelism)
    crypto.derive_key.__defaults__ = (CHEAP,)


def use_production_argon2() -> None:
    keys.HASHER, crypto.KdfParams.__init__.__defaults__, crypto.derive_key.__defaults__ = PRODUCTION
