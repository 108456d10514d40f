"""Run the CLI: `python -m analysis --help`."""
from .cli import main

main()
