"""The form of the "Learning from reviews" page: the financial year it shows, chosen as on
every statistics page (kscp.core.statistics)."""

from kscp.core.statistics import YearForm as YearForm
