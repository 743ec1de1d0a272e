"""Sync between nodes by signed bundle files (DESIGN.md §7).

The file format is pure code, bytes in and bytes out: ``bundle`` (the signed zip), ``envelope``
(encryption to the recipient) and ``peer_keys`` (public-key files and fingerprints). What travels,
export, merge and the peers' bookkeeping build on them with the database.
"""
