"""The analyse stage: each program's analysis tables, and the tables comparing programs.

Entry: `analysis.analyse.tables` (`write_program_tables`, `write_comparison_tables`).

    data        a checked package as typed DataFrames (Decimal money)
    budget      where the money goes: by theme, unit, economic code; concentration
    taxonomy    activities -> shared policy areas by one set of rules (data/taxonomy.yml, data/cofog_crosswalk.csv)
    purpose     the order of evidence (name, target text, theme, unit), basis and confidence of each decision
    ambition    how ambitious each indicator's target is (data/indicator_direction.yml)
    measures    every measure of a program together, and the comparison across programs
    common      exact money sums, shares, page lists
"""
