"""Importing a business plan from the file the partnership keeps it in: a Word document in
the layout of the seed plans (words.py), or a workbook or CSV file with one row for each
objective and each action (columns.py, and the template to fill in). The file is read by the
core's import reading (kscp/core/imports/), its columns matched to the plan's or chosen by
the business unit, then checked whole (checking.py), owners matched to the partnership's
groups and people by any of their names (owners.py); every problem is named by its row and
column. A clean file is previewed, then created in an empty draft entirely, or discarded
(services.py)."""
