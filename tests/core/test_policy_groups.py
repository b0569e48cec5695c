"""Who sits on the practice review sub-group and on the learning and development sub-group:
a chair, vice-chair or member of a group of their partnership with the group's flag set, asked
of the database once per request."""

import pytest

from kscp.core.models import User
from reviews import access as reviews_access
from training import access as training_access

pytestmark = pytest.mark.django_db


def test_a_member_sits_only_on_the_group_whose_flag_is_set(
    trainer, training_group, reviewer, review_group
):
    assert training_access.sits_on_training_group(trainer)
    assert not reviews_access.sits_on_case_review_group(trainer)
    assert reviews_access.sits_on_case_review_group(reviewer)
    assert not training_access.sits_on_training_group(reviewer)


def test_the_chair_of_a_group_sits_on_it(member, training_group):
    training_group.chair = member
    training_group.save()
    assert training_access.sits_on_training_group(User.objects.get(pk=member.pk))


def test_each_answer_is_asked_once_per_request(django_assert_num_queries, trainer, training_group):
    user = User.objects.get(pk=trainer.pk)
    with django_assert_num_queries(2):
        for _ in range(3):
            assert training_access.sits_on_training_group(user)
            assert not reviews_access.sits_on_case_review_group(user)
