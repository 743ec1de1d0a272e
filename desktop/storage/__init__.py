"""SQLAlchemy models, the database handle, migrations, backups. SQLite-only SQL stays in here."""
