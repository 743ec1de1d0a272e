"""Community volunteers: their status, service and evaluations, and the time bank."""

from __future__ import annotations

from desktop.i18n import N_

# Community volunteers (社区志愿者) and their record (民政部令第67号, 2020).
VOLUNTEER_STATUSES: dict[str, str] = {
    "active": N_("Registered (在册)"),
    "paused": N_("Paused (暂停)"),
    "left": N_("Deregistered (注销)"),
}

SERVICE_CATEGORIES: dict[str, str] = {
    "elderly_disabled": N_("Helping the elderly and disabled"),
    "children": N_("Caring for children"),
    "governance": N_("Community governance"),
    "environment": N_("Environmental protection"),
    "culture_sports": N_("Culture and sports"),
    "emergency": N_("Emergency rescue"),
    "legal": N_("Legal services"),
    "health": N_("Medical and health care"),
    "other": N_("Other"),
}

EVALUATION_RATINGS: dict[str, str] = {
    "5": N_("★★★★★ Excellent"),
    "4": N_("★★★★ Good"),
    "3": N_("★★★ Satisfactory"),
    "2": N_("★★ Fair"),
    "1": N_("★ Poor"),
}

# Time bank (时间银行): what moved points in or out of a passbook.
TIMEBANK_KINDS: dict[str, str] = {
    "deposit": N_("Service hours deposited"),
    "redemption": N_("Redeemed"),
    "donation_out": N_("Donated"),
    "donation_in": N_("Donation received"),
    "over_cap": N_("Donated above the storage cap"),
    "reversal": N_("Reversal"),
}

REWARD_KINDS: dict[str, str] = {
    "goods": N_("Goods"),
    "service": N_("Service"),
}
