"""设置: station profile, villages and communities, backups, language."""
