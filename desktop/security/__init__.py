"""Keys and ciphers for data at rest: argon2id key derivation, AES-GCM, blind indexes. No Qt, no SQL."""
