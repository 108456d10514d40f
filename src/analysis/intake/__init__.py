"""Bringing a new program in: `python -m analysis add` and `python -m analysis diagnose`.

A student with a municipality's PDF and nobody to ask needs one command that puts it in the project and
says honestly what came out, and one that says why nothing came out. Modules:

| module | takes → gives |
|---|---|
| `add` | a PDF + the municipality's name and year → a checked id, the file copied into `data/raw/<id>/` (sha256 verified), a catalog entry (comments and order kept), the data package; all or nothing |
| `scan` | a PDF → per page: text or scan, its ruled and unruled tables with their first rows (pdfplumber) |
| `gaps` | an extraction + the scan → the gap report: detection scores, counts against the stated counts, reconciliation, unused table pages, years, taxonomy gaps, the next command |
| `suggest` | theme and unit names the taxonomy does not know → a policy area for each and how it was found, as a `data/taxonomy.yml` block |
| `diagnose` | a PDF no layout reads → what each page holds, what each layout recognised, the closest one and what it missed |
| `report` | a diagnosis → a Markdown or HTML report (page thumbnails; every document string escaped) |

Nothing here is a pipeline stage: `add` writes the same files a user would (raw copy, catalog entry) and the
package the extract stage would write, stamped with the stage's build key so `make report` does not redo it.
"""
