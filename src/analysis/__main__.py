"""Run the CLI: `python -m analysis --help`."""
from analysis.cli import main

main()
