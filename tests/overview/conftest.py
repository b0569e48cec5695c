"""The sweep of every URL visits the pages of every app, so it takes the case of
tests/reviews/conftest.py and the course of tests/training/conftest.py."""

from tests.reviews.conftest import (  # noqa: F401
    dissemination,
    learning_point,
    notification,
    rapid_review,
    review,
    review_action,
)
from tests.training.conftest import attendance, course, session  # noqa: F401
