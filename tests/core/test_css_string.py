"""The css_string filter: text put inside a CSS string in a <style> element (a report's page
footer) stays inside it, whatever characters it holds."""

import re

import pytest

from kscp.core.templatetags.govuk import css_string

CONTROL_CHARACTERS = [chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)]]


@pytest.mark.parametrize("char", CONTROL_CHARACTERS, ids=lambda c: f"U+{ord(c):04X}")
def test_every_control_character_becomes_a_css_hex_escape(char):
    assert css_string(f"a{char}b") == f"a\\{ord(char):X} b"


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("Plan\r}} body { background: url(x) }", "Plan\\D }} body { background: url(x) }"),
        ("Plan\f}}", "Plan\\C }}"),
        ("Line one\nLine two", "Line one\\A Line two"),
        ('Say "no"', "Say \\22 no\\22 "),
        ("Children's plan", "Children\\27 s plan"),
        ("C:\\plans", "C:\\5C plans"),
        ("</style><script>", "\\3C /style>\\3C script>"),
        ("Kirklees – 2019/21 & after", "Kirklees – 2019/21 & after"),
    ],
)
def test_quotes_backslashes_and_angle_brackets_are_escaped_and_other_text_kept(text, escaped):
    assert css_string(text) == escaped


def test_what_comes_out_holds_no_character_that_ends_a_css_string_or_the_style_element():
    everything = "".join(chr(c) for c in range(0x100))
    out = css_string(everything)
    assert not re.search(r"[\x00-\x1f\x7f-\x9f\"'<]", out)
    assert all(part[:1] in "0123456789ABCDEF" for part in out.split("\\")[1:])
