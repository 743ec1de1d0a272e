"""What every register says of a person: gender, identity document, and the consent to process sensitive personal
information."""

from __future__ import annotations

from desktop.i18n import N_

GENDERS: dict[str, str] = {
    "female": N_("Female"),
    "male": N_("Male"),
}

ID_TYPES: dict[str, str] = {
    "resident_id": N_("Resident ID card (居民身份证)"),
    "hk_macau": N_("Hong Kong / Macao permit or residence permit"),
    "taiwan": N_("Taiwan permit or residence permit"),
    "passport": N_("Passport"),
    "other": N_("Other document"),
}

# Consent to process sensitive personal information (PIPL): how it was given, and by whom.
CONSENT_METHODS: dict[str, str] = {
    "written": N_("In writing"),
    "oral": N_("Orally"),
    "electronic": N_("Electronically"),
}

CONSENT_GIVERS: dict[str, str] = {
    "self": N_("The person"),
    "guardian": N_("The guardian"),
}
