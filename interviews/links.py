"""The one place that builds mailto: and tel: links (the message step, the follow-up, the interview page)."""

import re
from urllib.parse import quote


def mailto_url(*, to: str, subject: str = "", body: str = "") -> str:
    """A mailto: link (RFC 6068) that opens the draft in the user's mail app: every part percent-encoded,
    spaces as %20 (not +), line breaks as CRLF. The address is encoded too, so a "?", "&" or ","
    in it cannot add a header or a recipient (a contact "a?bcc=evil@evil.example" stays one)."""
    crlf = body.replace("\r\n", "\n").replace("\n", "\r\n")
    parts = [f"{name}={quote(value, safe='')}" for name, value in (("subject", subject), ("body", crlf)) if value]
    return f"mailto:{quote(to, safe='@')}" + (f"?{'&'.join(parts)}" if parts else "")


def tel_url(phone: str) -> str:
    """A tel: link from a number as people write it ("+49 (30) 123-4567" -> "tel:+49301234567"), or ""."""
    digits = re.sub(r"[^0-9]", "", phone)
    if not digits:
        return ""
    plus = "+" if phone.strip().startswith("+") else ""
    return f"tel:{plus}{digits}"
