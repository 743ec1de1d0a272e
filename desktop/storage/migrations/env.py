"""Alembic environment: always run with a connection handed in by ``desktop.storage.migrate``."""

from alembic import context

from desktop.storage import models  # noqa: F401  (fills the metadata)
from desktop.storage.base import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()
