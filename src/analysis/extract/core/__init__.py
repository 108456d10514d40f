"""The layout-independent core of extraction: a PDF read into tables by what its tables print, not by code.

A layout that the core reads is a **profile** (`analysis/extract/profiles/<name>.yml`: vocabulary, table
kinds, column synonyms, reconciliation rules) plus the few lines of code that are truly its own
(`profiles/<name>.py`). The steps, each its own module:

| module | takes → gives |
|---|---|
| `page` | a PDF → per page: words with boxes, horizontal and vertical rules (pypdfium2, no rendering) |
| `cells` | a page → rows of cells with text and box, ruled (between rules) and unruled (word gaps) alike |
| `tab_text` | a text edition with TAB-separated tables → the same rows of cells (the page source of text editions) |
| `years` | a printed header cell → (year, role): used by every layout, grid and card included |
| `profile` | a YAML file → a checked `Profile` (labels, table kinds, blocks, named rows, statements, checks) |
| `assemble` | all rows + a profile → tables of known kinds: labels, header columns with roles, records |
| `statement_boxes` | the numbers a sentence of running text states → the box of each on its page |
| `rows` | helpers for a profile's code: parse cells, add stated totals, pair rows across tables |
| `rules` | the profile's declared checks → reconciliation results |
| `layout` | `ProfileLayout`: detection by the profile's markers, and the whole extraction |
| `page_kinds` | page kinds declared in YAML (phrases a page prints) → which reader reads which page |
| `rule_tables` | a designed page's words, rules and fills → tables ruled only horizontally (columns from the rule segments' cuts), label boxes, title bars |
| `label_records` | label rows declared in YAML → records (cards) opened by a label and continued over pages |
| `column_codes` | summary tables whose column codes are not printed → codes inferred from totals printed elsewhere |
| `unique_codes` | printed codes (truncated, repeated, shared) → unique codes |
| `pairing` | two lists of names printed in two tables → pairs (equal keys, then the most similar) |

Nothing here names a municipality, a page number or a table of one layout; everything that does is
in a profile.
"""
