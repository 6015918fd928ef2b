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
    # Not flow steps: the follow-up page (and the outcome step once a request has waited
    # three days), and the reminder e-mails (by the notice state when they are sent).
    FOLLOW_UP = "follow_up", "Follow up (3 days after a reschedule request)"
    EMAIL = "email", "Reminder e-mail"


class Purpose(TextChoices):
    """What a message template is for; interviews.flow.template_purpose picks one (DESIGN.md's table)."""

    RESCHEDULE_REQUEST = "reschedule_request", "Reschedule request (before the deadline)"
    LATE_RESCHEDULE = "late_reschedule", "Late reschedule (past the deadline, a conflict)"
    EMERGENCY_RESCHEDULE = "emergency_reschedule", "Reschedule after an emergency"
    CANCEL = "cancel", "Cancel (before the deadline)"
    LATE_CANCEL = "late_cancel", "Late cancel (past the deadline, a conflict)"
    EMERGENCY_CANCEL = "emergency_cancel", "Cancel after an emergency"
    WITHDRAW = "withdraw", "Withdraw from the process"
    FOLLOW_UP = "follow_up", "Follow up (no new time after 3 days)"
