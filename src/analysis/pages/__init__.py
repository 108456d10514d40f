"""What the pages show: headline numbers with their sources, prose built from tables, and charts.

The notebooks (and the site's generated parts) call into these modules, one call per section:

    overview     the program's headline paragraph and its largest units
    budget       where the money goes: themes, policy areas, units, economic codes, concentration
    indicators   how ambitious the targets are, and the indicators' quality
    checks       does the document add up: every reconciliation check in plain language
    comparison   the programs side by side
    base         `ProgramPage` (a program's analysis tables), shared page parts
    format       Turkish number formats, `cite` (a number linked to its table), links into the PDF
    labels       plain-language names of the checks
    charts       Altair charts with their data table, caption and text alternative

Every number goes through `format.cite`, so a test can check that the site shows what the table says.
"""
