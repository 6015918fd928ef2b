"""Hypothesis strategies for hostile form input, and the checks every response must pass.

Values are picked per kind of control (text, e-mail, date, time, zone, choice), so
each form gets values that reach its validation instead of bouncing off its types.
"""

from __future__ import annotations

from hypothesis import strategies as st

# Markup that must never reach a page or an e-mail unescaped. The checks look for these
# openings; their escaped forms ("&lt;script&gt;alert") may appear.
SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'
RAW_MARKERS = ("<script>alert", "<img src=x onerror")

RTL = "\u202eevil\u202c שלום مرحبا"
EMOJI = "😀👩‍💻🏳️‍🌈"
COMBINING = "Z\u0351\u0364\u0336\u0311a\u0308\u0301l\u0300g\u0307o"

HOSTILE_WORDS = [
    SCRIPT,
    IMG,
    '"><script>alert(1)</script>',
    "javascript:alert(1)",
    "'; DROP TABLE interviews_interview; --",
    "1 OR 1=1",
    "' OR ''='",
    "Robert'); DELETE FROM accounts_user;--",
    "{{ 7*7 }} {% debug %}",
    "{company} {0} {__class__} %s %(x)s",
    "Line one\nLine two",
    "Bcc: victim@example.com\r\nSubject: spam",
    "\x00",
    "nul\x00byte",
    RTL,
    EMOJI,
    COMBINING,
    "",
    " ",
    "\t\n",
    "A" * 201,
    "W" * 5000,
    "ﷺ" * 300,
    "../../etc/passwd",
    "%00%0a%3Cscript%3E",
]

# Past the limits, for free-text fields: notes (5,000), advice and template bodies (20,000,
# and the hostile Markdown that used to take minutes), and a whole body over
# DATA_UPLOAD_MAX_MEMORY_SIZE (256 KB), which is a 400 page before any form sees it.
OVER_THE_LIMITS = ["N" * 5001, "[" * 20_000, "B" * 20_001, "H" * (256 * 1024 + 1)]

# Any unicode a form might receive, surrogates excluded (a browser cannot send them).
any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)

hostile_text = st.one_of(
    st.sampled_from(HOSTILE_WORDS),
    st.lists(st.sampled_from(HOSTILE_WORDS), min_size=2, max_size=4).map("".join),
    any_text,
)

hostile_dates = st.one_of(
    st.sampled_from(
        [
            "2027-02-30",
            "2026-13-01",
            "2026-00-10",
            "9999-12-31",
            "10000-01-01",
            "0001-01-01",
            "0000-01-01",
            "1900-02-29",
            "2027-2-3",
            "31/12/2027",
            "-2027-01-01",
            "2027-01-01T10:00",
            "tomorrow",
        ]
    ),
    st.dates().map(lambda d: d.isoformat()),
    hostile_text,
)

hostile_times = st.one_of(
    st.sampled_from(["24:00", "23:60", "25:00", "-1:00", "12:00:99", "02:30", "12", "noon", "00:00", "23:59"]),
    st.times().map(lambda t: t.isoformat(timespec="minutes")),
    hostile_text,
)

hostile_datetimes = st.one_of(
    st.tuples(hostile_dates, hostile_times).map(lambda dt: f"{dt[0]}T{dt[1]}"),
    st.tuples(hostile_dates, hostile_times).map(lambda dt: f"{dt[0]} {dt[1]}"),
    st.datetimes().map(lambda d: d.isoformat(timespec="minutes")),
    hostile_text,
)

hostile_zones = st.one_of(
    st.sampled_from(
        [
            "Mars/Olympus_Mons",
            "Europe/Berlin ",
            "europe/berlin",
            "UTC+2",
            "GMT-14",
            "Etc/GMT+12",
            "Pacific/Kiritimati",
            "America/St_Johns",
            "Asia/Kathmandu",
            "Europe/Berlin\x00",
            "../../../etc/localtime",
            "posixrules",
            "localtime",
            "Factory",
        ]
    ),
    hostile_text,
)

hostile_numbers = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["0", "-1", "1e9", "NaN", "inf", "1.5", "0x10", "٣", "", "1441", "32768", "65536"]),
    hostile_text,
)

hostile_emails = st.one_of(
    st.sampled_from(
        [
            "not-an-address",
            "a@b",
            "sam@acme.example\nBcc: all@example.com",
            '"<script>alert(1)</script>"@example.com',
            "x" * 250 + "@example.com",
            "ünïcödé@exämple.com",
            "sam@acme.example\x00",
        ]
    ),
    st.emails().map(str),
    hostile_text,
)


def hostile_value(control) -> st.SearchStrategy[str]:
    """A hostile value fitting the kind of `control` (an htmlforms.Control)."""
    name = control.name.lower()
    if control.kind == "date" or name.endswith("date"):
        return hostile_dates
    if control.kind == "time" or name.endswith("time") and control.kind != "datetime-local":
        return hostile_times
    if control.kind == "datetime-local" or name.endswith("_at"):
        return hostile_datetimes
    if "zone" in name:
        return hostile_zones
    if control.kind == "email" or "email" in name:
        return hostile_emails
    if control.kind == "number" or name.endswith(("_minutes", "_hours")):
        return hostile_numbers
    if control.kind in ("select", "radio", "checkbox") or control.kind == "button":
        return st.one_of(st.sampled_from(control.options or [control.value or "on"]), hostile_text)
    return st.one_of(hostile_text, st.sampled_from(OVER_THE_LIMITS))


def assert_no_raw_markup(text: str, where: str) -> None:
    for marker in RAW_MARKERS:
        assert marker not in text, f"unescaped {marker!r} in {where}"
