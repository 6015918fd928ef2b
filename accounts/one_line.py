"""One line of text: names, companies, roles. Such text can reach an e-mail header or a greeting line."""

import unicodedata

from django.core.exceptions import ValidationError

ONE_LINE_MESSAGE = "Keep this to one line, without line breaks, tabs or other control characters."


def validate_one_line(value: str) -> None:
    """Refuse every line break Unicode knows (LF, CR, VT, FF, NEL, U+2028, U+2029) and every other control character."""
    if any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in value):
        raise ValidationError(ONE_LINE_MESSAGE, code="one_line")


def folded(text: str) -> str:
    """Any text as one line: every run of whitespace, line breaks included, becomes one space.

    For e-mail headers and calendar lines, although the services refuse line breaks: a row
    written before that rule, or by hand, must still not break a header.
    """
    return " ".join(text.split())


def one_line_cut(text: str, limit: int) -> str:
    """Any text as one line of at most `limit` characters: whitespace runs become one space, a cut ends in "…"."""
    line = folded(text)
    line = "".join(ch for ch in line if unicodedata.category(ch) not in ("Cc", "Zl", "Zp"))
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
