"""``python -m whosaid`` is the ``whosaid`` command."""

from whosaid.cli import main

main()
