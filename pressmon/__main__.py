"""``python -m pressmon`` runs the command line."""

from pressmon.cli import main

main()
