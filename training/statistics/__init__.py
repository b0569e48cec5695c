"""The "Workforce development" statistics of a financial year: what its tables share
(base.py), the tables of Appendix 2 of the annual statement (tables.py) and the page that
shows them (page.py), which the core's statistics view renders."""
