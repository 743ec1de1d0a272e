"""工作台: the station at a glance."""
