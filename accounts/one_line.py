"""One line of text: names, companies, roles. Such text can reach an e-mail header or a greeting line."""

import unicodedata

from django.core.exceptions import ValidationError

ONE_LINE_MESSAGE = "Keep this to one line, without line breaks, tabs or other control characters."


def validate_one_line(value: str) -> None:
    """Refuse every line break Unicode knows (LF, CR, VT, FF, NEL, U+2028, U+2029) and every other control character."""
    if any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in value):
        raise ValidationError(ONE_LINE_MESSAGE, code="one_line")
