"""Entry point of the frozen app: the same ``wushe`` command (GUI with no arguments)."""

import multiprocessing
import sys

from desktop.cli import main

if __name__ == "__main__":
    # A large import checks its rows in a worker process (services.import_worker): in a frozen app
    # that process starts as this executable, which must then run the worker rather than the app.
    multiprocessing.freeze_support()
    sys.exit(main())
