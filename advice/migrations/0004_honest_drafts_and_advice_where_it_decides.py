"""Seeded content, second edition: drafts chosen by reason as well as plan and lateness, the whole case
for going on the rather-not step, advice for the reminder e-mails.

Rows still holding the text seeded by 0002 get the new text; rows staff edited keep theirs.
The texts below are the ones 0002 seeded, frozen here; the new ones come from advice.seed.
"""

from django.db import migrations, models

PREVIOUS_ADVICE = {
    ("rather_not", "Nothing to lose makes you better"): {
        "body": "Going to an interview you don't need takes the pressure off. Without the fear of losing, "
        "people interview better: **more confident, more themselves, humour included**. "
        "It is the best practice you can get, and it costs you nothing.",
    },
    ("message", "Call them now: a phone call beats an e-mail"): {
        "body": "The notice deadline has passed, so an e-mail may not be read in time. **Call them now.** "
        "Use the draft below as your script, then send it as well, so they have it in writing.",
    },
    # Moved from the outcome step to the follow-up, shown once three days have passed.
    ("follow_up", "No answer after three days? Follow up once"): {"stage": "outcome"},
}

PREVIOUS_TEMPLATES = {
    "late_reschedule": {
        "subject": "Urgent: our interview on {interview_time}",
        "body": "Dear {contact_name},\n\n"
        "I'm very sorry for the short notice. An emergency has come up, and I won't be able to attend "
        "our interview for the {role} position on {interview_time}.\n\n"
        "I know how late this is, and I apologise for the trouble it causes you and the team. "
        "I'm still very interested in the position at {company}, and I would be grateful for the chance "
        "to meet at another time, whenever suits you.\n\n"
        "Thank you for your understanding.\n\n"
        "Kind regards,\n"
        "{your_name}",
    },
    "cancel": {
        "subject": "Cancelling our interview on {interview_time}",
        "body": "Dear {contact_name},\n\n"
        "Thank you for inviting me to interview for the {role} position at {company}.\n\n"
        "I'm writing to let you know that I won't be able to attend our interview on {interview_time}, "
        "and I would like to withdraw my application so that you can offer the time to someone else.\n\n"
        "I'm sorry for any inconvenience, and grateful for the time you have given my application. "
        "I hope our paths cross again.\n\n"
        "Kind regards,\n"
        "{your_name}",
    },
    "late_cancel": {
        "subject": "Sorry for the short notice: our interview on {interview_time}",
        "body": "Dear {contact_name},\n\n"
        "I'm very sorry for the short notice. Something urgent has come up, and I won't be able to attend "
        "our interview for the {role} position at {company} on {interview_time}.\n\n"
        "I wanted to tell you as soon as I could, so that the time is not lost for you and the team. "
        "I apologise for the trouble, and thank you for the time you have given my application.\n\n"
        "Kind regards,\n"
        "{your_name}",
    },
}

NEW_ADVICE = (
    ("rather_not", "Real practice beats rehearsing with friends"),
    ("rather_not", "People you may want to know later"),
    ("rather_not", "The best things often happen at the interviews you meant to skip"),
    ("plan", "Withdrawing is not the same as cancelling"),
    ("email", "Can you make it?"),
    ("email", "If you can't go, tell them now"),
)

NEW_PURPOSES = ("emergency_reschedule", "emergency_cancel", "withdraw")


def revise(apps, schema_editor):
    from advice.seed import SeedRevision, seed_revise

    seed_revise(
        SeedRevision(
            advice_before=PREVIOUS_ADVICE,
            templates_before=PREVIOUS_TEMPLATES,
            new_advice=NEW_ADVICE,
            new_purposes=NEW_PURPOSES,
        ),
        apps,
    )


class Migration(migrations.Migration):
    dependencies = [("advice", "0003_advice_body_html_and_body_limits")]

    operations = [
        migrations.AlterField(
            model_name="advice",
            name="stage",
            field=models.CharField(
                choices=[
                    ("attend", "Can you attend?"),
                    ("rather_not", "Rather not go"),
                    ("why", "Why?"),
                    ("plan", "Reschedule or cancel?"),
                    ("message", "Message"),
                    ("outcome", "Outcome"),
                    ("follow_up", "Follow up (3 days after a reschedule request)"),
                    ("email", "Reminder e-mail"),
                ],
                max_length=16,
            ),
        ),
        migrations.AlterField(
            model_name="messagetemplate",
            name="purpose",
            field=models.CharField(
                choices=[
                    ("reschedule_request", "Reschedule request (before the deadline)"),
                    ("late_reschedule", "Late reschedule (past the deadline, a conflict)"),
                    ("emergency_reschedule", "Reschedule after an emergency"),
                    ("cancel", "Cancel (before the deadline)"),
                    ("late_cancel", "Late cancel (past the deadline, a conflict)"),
                    ("emergency_cancel", "Cancel after an emergency"),
                    ("withdraw", "Withdraw from the process"),
                    ("follow_up", "Follow up (no new time after 3 days)"),
                ],
                max_length=24,
            ),
        ),
        migrations.RunPython(revise, migrations.RunPython.noop),
    ]
