"""Use cases, one module per area. Each takes a Session (or the Database), returns plain values."""
