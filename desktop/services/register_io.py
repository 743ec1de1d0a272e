"""Which registers can be imported from and exported to spreadsheets, by the id the CLI and the UI use.

A register joins by adding its import and export specs here (as ``org_io`` does for "orgs").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from desktop.domain.consent import Consent
from desktop.services import client_io, donor_io, org_io, volunteer_io, worker_io
from desktop.services.exports import ExportSpec
from desktop.services.imports import ImportSpec


@dataclass(frozen=True)
class RegisterIO:
    importer: ImportSpec[Any, Any]
    exporter: ExportSpec[Any, Any]
    # For a register whose rows need consent to sensitive fields: the importer with one consent the user
    # states for the whole file (its date and method), for the rows that record none of their own.
    with_consent: Callable[[Consent], ImportSpec[Any, Any]] | None = None


REGISTERS: dict[str, RegisterIO] = {
    "orgs": RegisterIO(org_io.IMPORT, org_io.EXPORT),
    "workers": RegisterIO(worker_io.IMPORT, worker_io.EXPORT),
    "donors": RegisterIO(donor_io.IMPORT, donor_io.EXPORT),
    "volunteers": RegisterIO(volunteer_io.IMPORT, volunteer_io.EXPORT, volunteer_io.with_consent),
    "clients": RegisterIO(client_io.IMPORT, client_io.EXPORT, client_io.with_consent),
}
