"""What every stage uses; imports no stage.

    paths      the project folder and where each stage reads and writes
    catalog    data/catalog.yml: the programs and their raw files (checksums verified)
    numbers    Turkish number formats, parsed exactly into Decimal
    text       Turkish casing, cell cleaning and the keys used to match printed names
    model      the extracted rows (dataclasses) every layout produces
    contract   the published tables' columns, types and descriptions
    package    write and read one program's Frictionless data package
    cache      the build key: inputs + the code they run (from the imports) + parameters
    io         atomic writes, checksums, reproducible zips
    progress   the console and progress bars
    escape     escaping catalog and document text for HTML, Markdown, URLs, JSON in <script>, YAML
"""
