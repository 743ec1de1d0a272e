"""统计: the indicators against the chosen policy's targets, and the work statistics of a period (统计报表)."""
