"""The advice app's choices: the flow stages advice is for, the purposes of message templates.

Django's TextChoices only, so interviews.flow can name a purpose without loading the ORM's models.
"""

from django.db.models import TextChoices


class Stage(TextChoices):
    """A step of the notice-or-reschedule flow (interviews.flow.Step uses the same values)."""

    ATTEND = "attend", "Can you attend?"
    RATHER_NOT = "rather_not", "Rather not go"
    WHY = "why", "Why?"
    PLAN = "plan", "Reschedule or cancel?"
    MESSAGE = "message", "Message"
    OUTCOME = "outcome", "Outcome"


class Purpose(TextChoices):
    RESCHEDULE_REQUEST = "reschedule_request", "Reschedule request (before the deadline)"
    LATE_RESCHEDULE = "late_reschedule", "Late reschedule (past the deadline)"
    CANCEL = "cancel", "Cancel (before the deadline)"
    LATE_CANCEL = "late_cancel", "Late cancel (past the deadline)"
    FOLLOW_UP = "follow_up", "Follow up (no new time after 3 days)"
