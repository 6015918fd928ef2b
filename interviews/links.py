"""The one place that builds mailto: and tel: links (the message step, the follow-up, the interview page)."""

from urllib.parse import quote

from . import phones


def mailto_url(*, to: str, subject: str = "", body: str = "") -> str:
    """A mailto: link (RFC 6068) that opens the draft in the user's mail app: every part percent-encoded,
    spaces as %20 (not +), line breaks as CRLF. The address is encoded too, so a "?", "&" or ","
    in it cannot add a header or a recipient (a contact "a?bcc=evil@evil.example" stays one)."""
    crlf = body.replace("\r\n", "\n").replace("\n", "\r\n")
    parts = [f"{name}={quote(value, safe='')}" for name, value in (("subject", subject), ("body", crlf)) if value]
    return f"mailto:{quote(to, safe='@')}" + (f"?{'&'.join(parts)}" if parts else "")


def tel_url(phone: str, *, time_zone: str = "") -> str:
    """A tel: link that dials the number as written ("+49 (0)30 5550101 ext. 12" -> "tel:+49305550101;ext=12"):
    read by phonenumbers (phones.py), with the interview zone's country for a number without "+";
    "" for text that is not a number."""
    return phones.tel_url(phone, time_zone=time_zone)
