"""E-mail addresses of accounts: one normalisation for sign-up, log-in, admin and the manager.

The whole address is lower-cased: mail providers treat the local part as case-blind
in practice, and a user who signed up as "Jo@Example.com" types "jo@example.com" at the
log-in. The table's unique constraint is on Lower("email") as well (a constraint beats a check).
"""


def normalize_email(value: str) -> str:
    """ "  Jo@Example.COM " -> "jo@example.com"."""
    return value.strip().lower()


DUPLICATE_EMAIL_MESSAGE = "An account with this e-mail address exists already. Log in, or reset your password."
