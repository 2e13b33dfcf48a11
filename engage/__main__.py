"""Allow ``python -m engage``."""

from engage.cli import main

main()
