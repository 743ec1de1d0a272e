"""The node's station profile: set up once at ``init``, edited in 设置."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.codes import NODE_KINDS
from desktop.domain.fingerprints import short_fingerprint
from desktop.domain.permissions import Action
from desktop.domain.division import normalize_division_code
from desktop.domain.ids import new_id
from desktop.errors import NotFoundError, ValidationError, WusheError
from desktop.i18n import _
from desktop.security.vault import Vault
from desktop.services import accounts
from desktop.services import communities as community_service
from desktop.services.accounts import AccountInput
from desktop.services.communities import CommunityInput
from desktop.services.guard import require
from desktop.services.forms import one_of, optional_text, required_text
from desktop.storage import audit
from desktop.storage.base import utcnow
from desktop.storage.database import Database
from desktop.storage.models import NodeIdentity, Station
from desktop.storage.scrub import scrub, zero_what_is_freed
from desktop.sync import key_storage


@dataclass(frozen=True)
class StationInput:
    name: str
    kind: str
    division_code: str
    township: str = ""
    county: str = ""
    address: str = ""
    phone: str = ""

    def validated(self) -> StationInput:
        return replace(
            self,
            name=required_text(self.name, "name", 100),
            kind=one_of(self.kind, NODE_KINDS, "kind"),
            division_code=normalize_division_code(self.division_code),
            township=optional_text(self.township, "township", 100),
            county=optional_text(self.county, "county", 100),
            address=optional_text(self.address, "address", 200),
            phone=optional_text(self.phone, "phone", 32),
        )


@dataclass(frozen=True)
class StationProfile:
    node_id: str
    kind: str
    name: str
    township: str
    county: str
    division_code: str
    address: str
    phone: str
    fingerprint: str  # the short form (domain.fingerprints), as the home page shows it

    def as_input(self) -> StationInput:
        return StationInput(self.name, self.kind, self.division_code, self.township, self.county,
                            self.address, self.phone)


def is_initialized(db: Database) -> bool:
    return db.node_id is not None


@dataclass(frozen=True)
class SetupResult:
    profile: StationProfile
    recovery_code: str | None  # shown once, to be printed, when a station head was created


def initialize(
    db: Database,
    station: StationInput,
    communities: Sequence[CommunityInput] = (),
    head: AccountInput | None = None,
) -> SetupResult:
    """Create the node in one unit of work: identity with a fresh Ed25519 key pair, the station
    profile, the communities it serves and, given ``head``, the station head's account with a
    new data key and recovery code (then signed in), under which the node's private keys are sealed;
    without a head they are sealed by the first signed-in write. A bad input leaves nothing behind."""
    if is_initialized(db):
        raise WusheError(_("This database is already set up for {name}.").format(name=profile_of(db).name))
    data = station.validated()
    key = Ed25519PrivateKey.generate()
    box = X25519PrivateKey.generate()  # bundles sent to this node are encrypted to it
    node_id = new_id()
    code = None
    with db.write() as session:
        session.info["node_id"] = node_id
        if head is not None:
            session.info["actor"] = head.username  # the head sets the station up
        me = NodeIdentity(
            node_id=node_id,
            kind=data.kind,
            signing_public=key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw),
            signing_private=key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()),
            encryption_public=box.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw),
            encryption_private=box.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()),
            created_at=utcnow(),
        )
        session.add(me)
        session.add(Station(id=node_id, **_fields(data)))
        audit.append(session, "init", detail={"name": data.name, "kind": data.kind})
        for community in communities:
            community_service.add(session, community)
        if head is not None:
            account, data_key, code = accounts.create_station_head(session, head)
            _seal_keys(me, Vault(data_key))  # before the commit: the raw keys never reach the file
    db.refresh_identity()
    if head is not None:
        db.sign_in(account.principal(), Vault(data_key))
    return SetupResult(profile_of(db), code)


def _seal_keys(me: NodeIdentity, keys: Vault) -> bool:
    """Seal the node's private keys that are still stored raw; whether any was."""
    sealed = False
    if not key_storage.is_sealed(me.signing_private):
        me.signing_private = key_storage.seal_signing_key(
            keys, me.node_id, Ed25519PrivateKey.from_private_bytes(me.signing_private))
        sealed = True
    if not key_storage.is_sealed(me.encryption_private):
        me.encryption_private = key_storage.seal_encryption_key(
            keys, me.node_id, X25519PrivateKey.from_private_bytes(me.encryption_private))
        sealed = True
    return sealed


def seal_node_keys(session: Session) -> bool:
    """Seal this node's private keys under the data key if they are still raw (a node set up before keys
    were sealed, or without a station head): done by the first write after a sign-in. The raw bytes are
    zeroed where the transaction frees them; call ``storage.scrub.scrub`` after the commit. Returns
    whether anything was sealed."""
    me = session.scalar(select(NodeIdentity))
    keys = session.info.get("vault")
    if me is None or keys is None or (key_storage.is_sealed(me.signing_private)
                                      and key_storage.is_sealed(me.encryption_private)):
        return False
    zero_what_is_freed(session)
    _seal_keys(me, keys)
    session.flush()
    audit.append(session, "node.keys.sealed", table_name=NodeIdentity.__tablename__, row_id=me.node_id)
    return True


def ensure_keys_sealed(db: Database) -> bool:
    """``seal_node_keys`` in its own write when a signed-in node still has raw keys, then scrub the file
    of them. Cheap when there is nothing to do (one read)."""
    if db.vault is None:
        return False
    with db.read() as session:
        me = session.scalar(select(NodeIdentity))
        if me is None or (key_storage.is_sealed(me.signing_private) and key_storage.is_sealed(me.encryption_private)):
            return False
    with db.write() as session:
        sealed = seal_node_keys(session)
    if sealed:
        scrub(db)
    return sealed


def _fields(data: StationInput) -> dict[str, str]:
    return {
        "name": data.name, "kind": data.kind, "division_code": data.division_code, "township": data.township,
        "county": data.county, "address": data.address, "phone": data.phone,
    }


def get_profile(session: Session) -> StationProfile:
    identity = session.scalar(select(NodeIdentity))
    if identity is None:
        raise NotFoundError(_("This database has not been set up yet; run the setup first."))
    station = session.get(Station, identity.node_id)
    assert station is not None
    return StationProfile(
        node_id=identity.node_id, kind=station.kind, name=station.name, township=station.township,
        county=station.county, division_code=station.division_code, address=station.address,
        phone=station.phone, fingerprint=short_fingerprint(identity.signing_public),
    )


def profile_of(db: Database) -> StationProfile:
    with db.read() as session:
        return get_profile(session)


def update_profile(session: Session, data: StationInput) -> StationProfile:
    require(session, Action.EDIT_STATION)
    data = data.validated()
    station = session.get(Station, session.info["node_id"])
    if station is None:
        raise NotFoundError(_("This database has not been set up yet; run the setup first."))
    if data.kind != station.kind:
        # The kind decides what a node may do in sync; it is chosen once, at set-up.
        raise ValidationError("kind", _("The kind of node cannot be changed after set-up."))
    for key, value in _fields(data).items():
        setattr(station, key, value)
    session.flush()
    return get_profile(session)
