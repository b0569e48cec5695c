"""The "Learning from reviews" statistics of a financial year: the annual statement's tables
(tables.py) and the page that shows them (page.py), which the core's statistics view renders."""
