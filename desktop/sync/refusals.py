"""Why a bundle is not imported: a stable reason code and one translated line for a person."""

from __future__ import annotations

from desktop.errors import WusheError
from desktop.i18n import N_, _

REASONS = ("not_a_bundle", "truncated", "damaged", "bad_signature", "unknown_sender", "own_bundle", "wrong_recipient",
           "schema_version", "replayed")
_MESSAGES = {
    "not_a_bundle": N_("This file is not a Wushe Desk sync bundle."),
    "truncated": N_("This bundle file is incomplete: it was cut short, perhaps by an unfinished copy. Copy it again."),
    "damaged": N_("This bundle is damaged: its contents do not match what the sender signed. "
                  "Ask the sender for a new copy."),
    "bad_signature": N_("This bundle's signature does not match its sender's key: it was altered after signing, "
                        "or forged."),
    "unknown_sender": N_("This bundle comes from a node that is not among this node's trusted peers."),
    "own_bundle": N_("This bundle was written by this node; import it at the node it is addressed to."),
    "wrong_recipient": N_("This bundle is addressed to another node, not to this one."),
    "schema_version": N_("This bundle comes from a different version of Wushe Desk; update the older node first."),
    "replayed": N_("This bundle has already been imported here; it is not imported twice."),
}


class BundleRefused(WusheError):
    """A bundle that is not imported. ``reason`` is one of REASONS; ``message`` (also ``str()``) says why
    in one translated line; ``detail`` names the failed check in English, for the log."""

    def __init__(self, reason: str, message: str | None = None, *, detail: str = "") -> None:
        if reason not in REASONS:
            raise ValueError(f"unknown refusal reason {reason!r}")
        super().__init__(message or _(_MESSAGES[reason]))
        self.reason = reason
        self.detail = detail
