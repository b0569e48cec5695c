"""Helpers of several training test modules: the register's statuses, the anonymising
command's output and the reasons an upload is refused."""

import io

import pytest
from django.core.management import call_command

from training.imports import FileRefused


def statuses(session) -> dict[str, str]:
    return dict(session.attendances.values_list("name", "status"))


def run(*args) -> str:
    out = io.StringIO()
    call_command("anonymise_attendance", *args, stdout=out)
    return out.getvalue()


def refusal(check) -> list[str]:
    with pytest.raises(FileRefused) as raised:
        check()
    return raised.value.messages
