"""performans-analysis: Turkish municipal performance programs as checked data, analysis and a website.

Stages (each one a module, each callable alone from the CLI, `python -m analysis --help`):

    catalog   data/catalog.yml + data/raw/        the programs and their untouched documents
    extract   -> data/extracted/<program>/         contract tables with page provenance, reconciled
    check     -> data/checked/, data/programs.duckdb  validated, all programs together
    analyse   -> data/analysis/<program>/           budget and indicator-ambition tables
    report    -> report/<program>/                  papermill-executed notebooks
    site      -> _site/                             the Quarto website (quarto or smalldocs)
"""

__version__ = "0.1.0"
