"""A station's year of work for the statistics benchmark, from the other benchmarks' generators: the demo
station plus 200,000 case service records (``case_bench_data`` at 1/20: 10,000 clients, 20,000 cases
over five years), 200,000 volunteer service rows over three years (``volunteer_bench_data`` with 20,000
volunteers), 200,000 community-fund entries (``ledger_bench_data`` at 1/5) and 200,000 needs
(``needs_bench_data``), all times ``scale``. The project activities are the demo's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from unittest import mock

import case_bench_data
import ledger_bench_data
import needs_bench_data
import volunteer_bench_data
from desktop.security.vault import Vault

CASE_SCALE = 0.05  # of case_bench_data's 4,000,000 records
LEDGER_SCALE = 0.2  # of ledger_bench_data's 1,000,000 entries
VOLUNTEERS, SERVICES, REVERSALS = 20_000, 200_000, 1_000


@dataclass(frozen=True)
class StatsData:
    service_records: int
    volunteer_service: int
    ledger_entries: int
    needs: int


def generate(path: Path, vault: Vault, scale: float = 1.0, today: date | None = None) -> StatsData:
    """Add the rows to the demo station at ``path`` (closed)."""
    cases = case_bench_data.generate(path, vault, scale=CASE_SCALE * scale, today=today)
    # volunteer_bench_data makes a county's register (ten times this) from its module's counts.
    with mock.patch.multiple(volunteer_bench_data, VOLUNTEERS=round(VOLUNTEERS * scale),
                             SERVICES=round(SERVICES * scale), REVERSALS=round(REVERSALS * scale)):
        volunteers = volunteer_bench_data.generate(path, vault, today=today)
    ledger = ledger_bench_data.generate(path, scale=LEDGER_SCALE * scale, today=today)
    needs = needs_bench_data.generate(path, scale=scale, today=today)
    return StatsData(cases.service_rows, volunteers.service_rows, ledger.entries, len(needs.needs))
