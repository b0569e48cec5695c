"""The form of the "Learning from reviews" page: the financial year it shows, chosen as on
every statistics page (kscp.statistics)."""

from kscp.statistics import YearForm as YearForm
