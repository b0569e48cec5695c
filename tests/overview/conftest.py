"""The sweep of every URL visits the pages of every app, so it takes the case of
tests/reviews/conftest.py, the course of tests/training/conftest.py and the update round of
tests/rounds/conftest.py."""

from tests.reviews.conftest import (  # noqa: F401
    dissemination,
    learning_point,
    notification,
    rapid_review,
    review,
    review_action,
)
from tests.rounds.conftest import addresses, round_items, update_round  # noqa: F401
from tests.training.conftest import attendance, course, session  # noqa: F401
