"""Stable English codes stored in the database, with their labels translated when shown."""

from __future__ import annotations

from desktop.i18n import N_, _

NODE_KINDS: dict[str, str] = {
    "station": N_("Township social-work station"),
    "room": N_("Village/community social-work room"),
    "county": N_("County civil-affairs office"),
}

COMMUNITY_SETTINGS: dict[str, str] = {
    "urban": N_("Urban community"),
    "rural": N_("Rural village"),
}


def label(codes: dict[str, str], code: str) -> str:
    """The translated label of ``code``, or the code itself when it is unknown (from a newer node)."""
    return _(codes[code]) if code in codes else code
