"""Contact details in the registers: optional mobile numbers in; sealed values out, masked unless the role may
reveal them."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from desktop.domain.contact import mask_phone, normalize_mobile, normalize_phone
from desktop.domain.permissions import Action
from desktop.errors import ValidationError
from desktop.services.guard import principal, vault


def optional_mobile(text: str) -> str:
    """The canonical mobile number, or "" when none was typed."""
    return normalize_mobile(text) if text.strip() else ""


def optional_phone(text: str) -> str:
    """The canonical mobile or landline number, or "" when none was typed."""
    return normalize_phone(text) if text.strip() else ""


def mask_address(address: str) -> str:
    """The township part stays, the house is hidden: 青山镇人民路 26 号 → 青山镇****."""
    return address[:min(6, len(address) // 3)] + "****"


def masked_phone(phone: str) -> str:
    """A phone as lists and exports show it for every role, the station head's included (``shown`` masks
    only for roles that may not reveal): in full only in one record's form or through ``privacy.reveal``."""
    if not phone or "*" in phone:
        return phone
    try:
        return mask_phone(phone)
    except ValidationError:  # stored before the rules were tightened: hide all but the ends anyway
        return phone[:3] + "****" + phone[-4:]


def masked_address(address: str) -> str:
    """An address as lists and exports show it for every role, as ``masked_phone`` a phone."""
    return address if not address or "*" in address else mask_address(address)


def shown(session: Session, table: str, row_id: str, field: str, sealed: bytes | None,
          mask: Callable[[str], str] = mask_phone) -> str:
    """A sealed value opened for a list or form: clear for roles that may reveal, else masked; ""
    while the data key is locked."""
    if session.info.get("vault") is None:
        return ""
    value = vault(session).open(table, row_id, field, sealed)
    return value if not value or principal(session).may(Action.REVEAL_ID) else mask(value)
