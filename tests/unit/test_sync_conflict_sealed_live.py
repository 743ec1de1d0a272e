"""A conflict compares the record's sensitive fields as they are now, opened with this node's key, not as the
winner was kept; their values show as the screens show them to the role looking (issue 8, T8a)."""

from __future__ import annotations

from desktop.domain.permissions import Principal, Role
from desktop.sync import conflicts
from desktop.sync.conflict_text import conflict_text
from sync_testing import Node, a, add_client, add_community, b, seal_client, send, sync_all

__all__ = ["a", "b"]  # the fixtures




def shown(node: Node, role: Role = Role.ADMIN) -> dict[str, tuple[str, str]]:
    """The open conflict's sensitive fields at ``node`` as (current, other), for a user of ``role``."""
    before, keys = node.db.principal, node.db.vault
    node.db.sign_in(Principal(None, f"{role}-user", "看的人", role), keys)
    try:
        with node.db.read() as session:
            [view] = conflicts.list_conflicts(session)
            text = conflict_text(session, view)
            return {f.field: (f.current, f.other) for f in text.fields if f.field in view.sealed_differ}
    finally:
        node.db.sign_in(before, keys)


def test_sensitive_fields_are_compared_live_and_masked_for_the_role(a: Node, b: Node) -> None:
    sync_all(a, b)
    client_id = add_client(a, add_community(a, "石门村"), "曾建华", "110101195001011237", "13800000001")
    send(a, b)
    seal_client(a, client_id, id_number="11010119500101125X", phone="13900000002", notes="独居")
    seal_client(b, client_id, id_number="110101195001011261", phone="13700000003", notes="与女儿同住")  # b's wins
    send(a, b)
    send(b, a)
    assert shown(a) == {"id_number": ("1101**********1261", "1101**********125X"),  # the head may see phones
                        "phone": ("13700000003", "13900000002"), "notes": ("与女儿同住", "独居")}  # and notes
    worker = shown(a, Role.CASEWORKER)
    assert worker["phone"] == ("13700000003", "13900000002") and worker["notes"] == ("(sensitive)", "(sensitive)")
    assert shown(a, Role.VIEWER) == {"id_number": ("1101**********1261", "1101**********125X"),
                                     "phone": ("137****0003", "139****0002"), "notes": ("(sensitive)", "(sensitive)")}
    seal_client(a, client_id, phone="13900000002", notes="独居")  # the record now has the other version's phone, notes
    assert shown(a) == {"id_number": ("1101**********1261", "1101**********125X")}
    with a.db.read() as session:
        [view] = conflicts.list_conflicts(session)
        assert view.sealed_differ == ("id_number",)
    a.db.sign_in(a.db.principal, None)  # the data key locked: nothing sensitive is compared
    with a.db.read() as session:
        assert conflicts.list_conflicts(session)[0].sealed == ()
