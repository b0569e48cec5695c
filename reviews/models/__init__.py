"""Case reviews: what a partnership learns when a child dies or is seriously harmed and abuse
or neglect is known or suspected.

A serious incident is *notified* to the partnership and to the national Child Safeguarding
Practice Review Panel (the Panel); a *rapid review* decides whether to hold a local child
safeguarding practice review (CSPR), a local learning review, or none; the *review* that
follows produces *learning points and recommendations*, which agencies answer with *review
actions* tracked like business-plan objectives, and the learning is *disseminated*.

Records are anonymised by design: a notification has a reference such as "Child G", never a
child's name, date of birth or address, and there is nowhere to put them.

The records are split by area: the partnership's lists (lists.py), the case and its clocks
(cases.py), what the review teaches and who acts on it (learning.py), and the messages of
their rules (messages.py). Import them from here.
"""

from kscp.core.years import financial_year_start
from reviews.models.cases import Notification, RapidReview, Review
from reviews.models.learning import (
    REVIEW_ACTION_PROGRESS_KEY,
    Dissemination,
    LearningPoint,
    ReviewAction,
)
from reviews.models.lists import ReferralReason, Theme
from reviews.models.messages import (
    AGENCY_OTHER_PARTNERSHIP,
    AWARE_BEFORE_INCIDENT,
    BEFORE_AWARE,
    CHAIR_OTHER_PARTNERSHIP,
    COMPLETED_BEFORE_MEETING,
    COMPLETED_BEFORE_START,
    DECISION_BEFORE_COMPLETE,
    FUTURE_DATE,
    GROUP_OTHER_PARTNERSHIP,
    NOTIFICATION_OTHER_PARTNERSHIP,
    OBJECTIVE_OTHER_PARTNERSHIP,
    OTHER_PARTNERSHIP_REASON,
    OWNER_REQUIRED,
    PANEL_BEFORE_AWARE,
    PANEL_NOT_REQUIRED,
    PUBLICATION_DATE_REQUIRED,
    PUBLISHED_BEFORE_COMPLETE,
    PUBLISHED_STAGE_REQUIRED,
    RATIONALE_REQUIRED,
    SENT_BEFORE_COMPLETE,
    TARGET_BEFORE_START,
    THEME_OTHER_PARTNERSHIP,
    before_aware,
    future_date,
)

__all__ = [
    "Dissemination",
    "LearningPoint",
    "Notification",
    "RapidReview",
    "ReferralReason",
    "Review",
    "ReviewAction",
    "Theme",
    "REVIEW_ACTION_PROGRESS_KEY",
    "financial_year_start",
    "AGENCY_OTHER_PARTNERSHIP",
    "AWARE_BEFORE_INCIDENT",
    "BEFORE_AWARE",
    "CHAIR_OTHER_PARTNERSHIP",
    "COMPLETED_BEFORE_MEETING",
    "COMPLETED_BEFORE_START",
    "DECISION_BEFORE_COMPLETE",
    "FUTURE_DATE",
    "before_aware",
    "future_date",
    "GROUP_OTHER_PARTNERSHIP",
    "NOTIFICATION_OTHER_PARTNERSHIP",
    "OBJECTIVE_OTHER_PARTNERSHIP",
    "OTHER_PARTNERSHIP_REASON",
    "OWNER_REQUIRED",
    "PANEL_BEFORE_AWARE",
    "PANEL_NOT_REQUIRED",
    "PUBLICATION_DATE_REQUIRED",
    "PUBLISHED_BEFORE_COMPLETE",
    "PUBLISHED_STAGE_REQUIRED",
    "RATIONALE_REQUIRED",
    "SENT_BEFORE_COMPLETE",
    "TARGET_BEFORE_START",
    "THEME_OTHER_PARTNERSHIP",
]
