"""Run the CLI: `python -m analysis --help`."""

from analysis.cli import main

if __name__ == "__main__":  # worker processes of a local dask cluster import this module too
    main()
