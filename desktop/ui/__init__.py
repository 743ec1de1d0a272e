"""The PySide6 desktop interface: the only package that imports Qt (DESIGN.md §2, §5)."""
