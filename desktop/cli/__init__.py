"""The ``wushe`` command: the GUI with no arguments, a CLI over the same services with a subcommand."""

from desktop.cli.main import main

__all__ = ["main"]
