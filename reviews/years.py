"""The financial year (April to March) that case-review records are counted in: the
partnership's financial years (kscp.core.years), imported from here by the case-review code."""

from kscp.core.years import YEAR_INVALID as YEAR_INVALID
from kscp.core.years import default_year as default_year
from kscp.core.years import financial_year_start as financial_year_start
from kscp.core.years import year_label as year_label
from kscp.core.years import year_long_label as year_long_label
from kscp.core.years import year_range as year_range
