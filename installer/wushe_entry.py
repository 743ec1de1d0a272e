"""Entry point of the frozen app: the same ``wushe`` command (GUI with no arguments)."""

import sys

from desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
