"""The seeded advice and message templates, in RainCheck's own words.

seed_content() is called by the data migration, and by tests after a flush
(transactional tests and the live server empty the tables). It only adds what
is missing, so running it twice changes nothing. When a release rewords seeded
text, its data migration calls seed_revise() with the text seeded before, so a row
staff have edited keeps their words.

Staff edit all of this in admin afterwards; the seed is only the first draft.
Each advice item names its stage (the flow step it is shown on), optionally a
reason (shown only to someone who gave that reason), and the notice states it
applies to: "open" and "closing" are before the notice deadline, "closed" is
after it (and, on the outcome step, after the interview too).
"""

from dataclasses import dataclass, field

# Notice-state switches, named for what they mean to the writer.
ALWAYS = {"when_open": True, "when_closing": True, "when_closed": True}
BEFORE_DEADLINE = {"when_open": True, "when_closing": True, "when_closed": False}
AFTER_DEADLINE = {"when_open": False, "when_closing": False, "when_closed": True}


def _advice(stage: str, order: int, title: str, body: str, *, reason: str = "", when: dict = ALWAYS) -> dict:
    return {"stage": stage, "reason": reason, "order": order, "title": title, "body": body, "published": True, **when}


ADVICE: list[dict] = [
    # --- 1. Can you attend? -------------------------------------------------------
    _advice(
        "attend",
        10,
        "Going is usually worth it",
        "Even an interview for a job you are not sure you want is **free, real practice**: "
        "real questions, a real panel, real nerves. That beats rehearsing with friends.\n\n"
        "It can also bring business contacts you will be glad of later. "
        "If you can make it, going is rarely a waste of an afternoon.",
    ),
    _advice(
        "attend",
        20,
        "If you can't go, tell them early",
        "If it really doesn't work, the kindest and most professional thing is to **say so as early as "
        "you can**. The earlier they hear, the easier it is for them to find another time for you.\n\n"
        "Whatever you decide, **never simply not show up**. Companies keep candidates' names on file, "
        "and someone who vanished is much less likely to be called again.",
        when=BEFORE_DEADLINE,
    ),
    _advice(
        "attend",
        20,
        "Past the notice deadline: decide now",
        "The notice deadline has passed, so every hour counts now. If you can't make it, "
        "**contact them straight away**, and pick up the phone: **a phone call beats an e-mail** "
        "this close to the interview.\n\n"
        "Late notice is still far better than no notice. Never simply not show up.",
        when=AFTER_DEADLINE,
    ),
    # --- 2. Rather not go: the whole case for going, read before deciding ----------------
    _advice(
        "rather_not",
        5,
        "Real practice beats rehearsing with friends",
        "An interview you're not sure you want is **free, real practice**: real questions, a real panel, "
        "real nerves. No rehearsal with friends comes close, and it costs you nothing but an hour.",
    ),
    _advice(
        "rather_not",
        10,
        "Nothing to lose makes you better",
        "Without the fear of losing, people interview better: **more confident, more themselves, humour "
        "included**. This may be the interview where you find out how good you are when the pressure is off.",
    ),
    _advice(
        "rather_not",
        20,
        "The worst that can happen is an offer",
        "You may find you like the people and the company more than you expected. "
        "And if you don't, you can still say no later, with an offer in hand and more to go on.",
    ),
    _advice(
        "rather_not",
        24,
        "People you may want to know later",
        "Everyone you meet there is a contact: the hiring manager, the team, whoever shows you in. "
        "**Business contacts made today** can open a door next year, at this company or at the next one.",
    ),
    _advice(
        "rather_not",
        26,
        "The best things often happen at the interviews you meant to skip",
        "Ask people about the job that changed their career, and a surprising number say they nearly "
        "didn't go to that interview. When you expect nothing, there is room to be surprised.",
    ),
    _advice(
        "rather_not",
        30,
        "If you still skip it, say so",
        "That's your call. Just don't let it end in silence: **tell them**, so they can give the slot "
        "to someone else and remember you as someone who keeps their word.",
        when=BEFORE_DEADLINE,
    ),
    _advice(
        "rather_not",
        30,
        "Skipping this late? Call them",
        "The notice deadline has passed. If you decide not to go, **call them now**: a phone call "
        "beats an e-mail this close to the interview, and a short, honest call is remembered kindly.",
        when=AFTER_DEADLINE,
    ),
    # --- 3. Why? --------------------------------------------------------------------------
    _advice(
        "why",
        10,
        "A short, true reason is enough",
        "You don't owe them every detail. One honest sentence, such as a work commitment or a family matter "
        "you cannot move, is all a hiring manager needs.\n\n"
        "Your answer here only picks the right advice for you; RainCheck never tells "
        "the company anything.",
    ),
    _advice(
        "why",
        20,
        "Another interview? Keep it to yourself",
        "If the real reason is another interview, **don't mention it**. A work or family conflict "
        "is enough, and it is true enough: your time is already promised elsewhere.",
    ),
    _advice(
        "why",
        30,
        "A real emergency? Be upfront",
        "In a real emergency, be honest and say so early, without private details. Reasonable people understand.",
    ),
    # --- 4. Reschedule or cancel? ------------------------------------------------------
    _advice(
        "plan",
        10,
        "Ask to reschedule, even if you're unsure",
        "Asking for another time is **the professional move**, even if you are not sure you'll take it. "
        "It shows you are still interested, and it leaves the decision open.\n\n"
        "Often they will go on without you but promise to keep you in mind, and that is a good "
        "outcome too.",
    ),
    _advice(
        "plan",
        20,
        "Cancel only when you're sure",
        "If you know you don't want this job, cancelling is fine and honest. Say so politely and "
        "thank them for their time: the people you write to today may be hiring elsewhere tomorrow.",
    ),
    _advice(
        "plan",
        25,
        "Withdrawing is not the same as cancelling",
        "Cancelling this interview keeps the door open: the message says you are still interested in the "
        "company and glad to be considered later. **Withdraw** only if you want to leave their process "
        "altogether; RainCheck drafts a gracious note for that too.",
    ),
    _advice(
        "plan",
        30,
        "Past the deadline, ask anyway",
        "Notice this short is not ideal, but asking for another time is still far better than "
        "a no-show. **Call them first**; a phone call beats an e-mail now. Follow up with the written "
        "message so they have it in writing.",
        when=AFTER_DEADLINE,
    ),
    _advice(
        "plan",
        50,
        "A work conflict: say it simply",
        "A commitment at your current job that you cannot move is something every hiring manager knows. "
        "Say that it came up, say you are sorry, and offer times that do work.",
        reason="work",
    ),
    _advice(
        "plan",
        50,
        "A family conflict: no need to explain",
        "Family comes first, and most interviewers understand that without any detail. "
        "\u201cA family matter I can't move\u201d is enough.",
        reason="family",
    ),
    _advice(
        "plan",
        50,
        "Don't mention the other interview",
        "Don't tell them you have another interview at that time. **A work or family conflict is enough**, "
        "and the message RainCheck drafts for you says just that: a conflict has come up.",
        reason="other_interview",
    ),
    _advice(
        "plan",
        50,
        "An emergency: honest, upfront, no private details",
        "Tell them as soon as you can that an emergency has come up. Be honest and upfront, but keep "
        "private details to yourself; you don't have to explain what happened.\n\n"
        "A company that shows no understanding for a real emergency is telling you something about itself.",
        reason="emergency",
    ),
    _advice(
        "plan",
        50,
        "Something else: keep it short",
        "Whatever it is, one clear sentence will do: something has come up that you cannot move. "
        "Keep it true, keep it brief, and keep the focus on finding another time.",
        reason="other",
    ),
    # --- 5. The message -------------------------------------------------------------------
    _advice(
        "message",
        10,
        "Say it politely",
        "A good message does four things:\n\n"
        "1. **Apologise** for the trouble.\n"
        "2. **Say briefly why** you cannot come.\n"
        "3. **Say you are still interested** in the position.\n"
        "4. **Ask gratefully** for another time.\n\n"
        "Explaining a problem clearly and calmly is itself a skill employers value.",
    ),
    _advice(
        "message",
        20,
        "Send it today",
        "The sooner they hear from you, the easier it is to move things around. Edit the draft so it "
        "sounds like you, send it from your own mail, then tell RainCheck how you told them.",
        when=BEFORE_DEADLINE,
    ),
    _advice(
        "message",
        20,
        "Call them now: a phone call beats an e-mail",
        "The notice deadline has passed, so an e-mail may not be read in time. **Call them now.** "
        "Use the draft below as your script, then send it as well, so they have it in writing.\n\n"
        "If a real emergency is the reason, say so plainly, without private details: people understand. "
        "A company that shows no understanding for a real emergency is telling you something about itself.",
        when=AFTER_DEADLINE,
    ),
    _advice(
        "message",
        30,
        "You send it, not RainCheck",
        "RainCheck never writes to the company for you. Copy the message, or open it in your mail app, "
        "and send it from your own address.",
    ),
    _advice(
        "message",
        50,
        "Leave the other interview out of it",
        "The draft says a conflict has come up, and that is all it needs to say. "
        "Resist adding that it is another interview.",
        reason="other_interview",
    ),
    _advice(
        "message",
        50,
        "No private details needed",
        "\u201cAn emergency has come up\u201d is honest and enough. You can share more later if you want to, "
        "but you never have to.",
        reason="emergency",
    ),
    # --- 6. Outcome, and the follow-up three days after a reschedule request --------------
    _advice(
        "outcome",
        10,
        "A new time? Take it graciously",
        "If they offer another time, accept it quickly and thank them. Record the new time here: "
        "RainCheck moves the interview and gives you a fresh notice window.",
    ),
    _advice(
        "follow_up",
        20,
        "No answer after three days? Follow up once",
        "People are busy. If you have heard nothing after three days, send one short, friendly follow-up. "
        "RainCheck drafts it for you.",
    ),
    _advice(
        "outcome",
        30,
        "If they go on without you",
        "Sometimes the process moves on. Thank them anyway and ask them to keep you in mind: "
        "they often do, and a graceful reply is remembered.",
    ),
    # --- Reminder e-mails: plain sentences (the text part shows the Markdown as written) ------
    _advice(
        "email",
        10,
        "Can you make it?",
        "Going is usually worth it, even to an interview you are unsure about: it is free, real practice, "
        "and the people you meet may be good contacts later. If you cannot go, tell them as early as "
        "possible and ask to reschedule. Never simply not show up.",
        when={"when_open": True, "when_closing": False, "when_closed": False},
    ),
    _advice(
        "email",
        10,
        "If you can't go, tell them now",
        "A phone call beats an e-mail this close to the deadline. Apologise, say briefly why, say you are "
        "still interested, and ask gratefully for another time. Never simply not show up.",
        when={"when_open": False, "when_closing": True, "when_closed": True},
    ),
]

TEMPLATES: list[dict] = [
    {
        "purpose": "reschedule_request",
        "subject": "Request to reschedule our interview on {interview_time}",
        "body": (
            "Dear {contact_name},\n\n"
            "Thank you again for inviting me to interview for the {role} position at {company}.\n\n"
            "I'm sorry, but a conflict has come up that I cannot move, and I won't be able to attend "
            "our interview on {interview_time}.\n\n"
            "I'm still very interested in the position. Would it be possible to meet at another time? "
            "I'm happy to fit in with whatever suits you and the team.\n\n"
            "I apologise for the inconvenience, and thank you for your understanding.\n\n"
            "Kind regards,\n"
            "{your_name}"
        ),
        "active": True,
    },
    {
        "purpose": "late_reschedule",
        "subject": "Sorry for the short notice: our interview on {interview_time}",
        "body": (
            "Dear {contact_name},\n\n"
            "I'm very sorry for the short notice. A conflict has come up that I could not move, and I won't be "
            "able to attend our interview for the {role} position on {interview_time}.\n\n"
            "I know how late this is, and I apologise for the trouble it causes you and the team. "
            "I'm still very interested in the position at {company}, and I would be grateful for the chance "
            "to meet at another time, whenever suits you.\n\n"
            "Thank you for your understanding.\n\n"
            "Kind regards,\n"
            "{your_name}"
        ),
        "active": True,
    },
    {
        "purpose": "emergency_reschedule",
        "subject": "Our interview on {interview_time}",
        "body": (
            "Dear {contact_name},\n\n"
            "I'm sorry to tell you that an emergency has come up, and I won't be able to attend our interview "
            "for the {role} position on {interview_time}. I wanted to let you know as soon as I could.\n\n"
            "I'm still very interested in the position at {company}, and I would be grateful for the chance "
            "to meet at another time, whenever suits you.\n\n"
            "I apologise for the trouble, and thank you for your understanding.\n\n"
            "Kind regards,\n"
            "{your_name}"
        ),
        "active": True,
    },
    {
        "purpose": "cancel",
        "subject": "Cancelling our interview on {interview_time}",
        "body": (
            "Dear {contact_name},\n\n"
            "Thank you for inviting me to interview for the {role} position at {company}.\n\n"
            "I'm sorry, but a conflict has come up that I cannot move, and I won't be able to attend our "
            "interview on {interview_time}. I'm letting you know now so that you can give the time to "
            "someone else.\n\n"
            "I'm still very interested in {company}, and I would be glad to be considered for a later "
            "opening. Thank you for your time and understanding.\n\n"
            "Kind regards,\n"
            "{your_name}"
        ),
        "active": True,
    },
    {
        "purpose": "late_cancel",
        "subject": "Sorry for the short notice: our interview on {interview_time}",
        "body": (
            "Dear {contact_name},\n\n"
            "I'm very sorry for the short notice. A conflict has come up that I could not move, and I won't be "
            "able to attend our interview for the {role} position at {company} on {interview_time}.\n\n"
            "I wanted to tell you as soon as I could, so that the time is not lost for you and the team. "
            "I'm still very interested in {company}, and I would be glad to be considered for a later "
            "opening.\n\n"
            "I apologise for the trouble, and thank you for your understanding.\n\n"
            "Kind regards,\n"
            "{your_name}"
        ),
        "active": True,
    },
    {
        "purpose": "emergency_cancel",
        "subject": "Our interview on {interview_time}",
        "body": (
            "Dear {contact_name},\n\n"
            "I'm sorry to tell you that an emergency has come up, and I won't be able to attend our interview "
            "for the {role} position at {company} on {interview_time}. I wanted to let you know as soon as "
            "I could.\n\n"
            "I'm still very interested in {company}, and I would be glad to be considered for a later "
            "opening.\n\n"
            "Thank you for your understanding.\n\n"
            "Kind regards,\n"
            "{your_name}"
        ),
        "active": True,
    },
    {
        "purpose": "withdraw",
        "subject": "Withdrawing my application to {company}",
        "body": (
            "Dear {contact_name},\n\n"
            "Thank you for inviting me to interview for the {role} position at {company} on "
            "{interview_time}.\n\n"
            "After careful thought, I have decided to withdraw my application, so I won't attend the "
            "interview. I'm letting you know now so that you can offer the time to someone else.\n\n"
            "Thank you for the time you have given my application. I enjoyed learning about {company}, "
            "and I wish you and the team all the best.\n\n"
            "Kind regards,\n"
            "{your_name}"
        ),
        "active": True,
    },
    {
        "purpose": "follow_up",
        "subject": "Following up: a new time for our interview",
        "body": (
            "Dear {contact_name},\n\n"
            "I hope you are well. I'm following up on my message about our interview for the {role} position "
            "at {company}, which was planned for {interview_time}.\n\n"
            "I'm still very interested in the position and would be glad to meet at a time that suits you. "
            "Could you let me know if a new date is possible?\n\n"
            "Thank you, and kind regards,\n"
            "{your_name}"
        ),
        "active": True,
    },
]


def _models(apps):
    if apps is None:
        from advice.models import Advice, MessageTemplate

        return Advice, MessageTemplate
    return apps.get_model("advice", "Advice"), apps.get_model("advice", "MessageTemplate")


def _with_html(Advice, fields: dict) -> dict:
    """The fields with body_html rendered, where the model has it (a migration's historical model has no
    save() to do it, and the ones before 0003 have no such column)."""
    if "body" not in fields or not any(f.name == "body_html" for f in Advice._meta.get_fields()):
        return fields
    from advice.rendering import render_markdown

    return {**fields, "body_html": render_markdown(fields["body"])}


def seed_content(apps=None) -> None:
    """Add what is missing: each advice item by its stage and title, a template for each purpose that has none.

    A purpose that has any template (staff may have rewritten or switched off the seeded one)
    gets no second one: a newer seeded template would take the edited one's place in the flow.
    """
    Advice, MessageTemplate = _models(apps)
    for item in ADVICE:
        Advice.objects.get_or_create(stage=item["stage"], title=item["title"], defaults=_with_html(Advice, item))
    for item in TEMPLATES:
        if not MessageTemplate.objects.filter(purpose=item["purpose"]).exists():
            MessageTemplate.objects.create(**item)


@dataclass(frozen=True)
class SeedRevision:
    """What one release changed in the seed, for the data migration that brings a database up to date.

    advice_before: (stage, title) of an item as it is seeded now → its changed fields as seeded before
    (the stage too when it moved). templates_before: purpose → the subject and body seeded before.
    new_advice, new_purposes: what this release added.
    """

    advice_before: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    templates_before: dict[str, dict[str, str]] = field(default_factory=dict)
    new_advice: tuple[tuple[str, str], ...] = ()
    new_purposes: tuple[str, ...] = ()


def seed_revise(revision: SeedRevision, apps=None) -> None:
    """Reword the seeded rows that still hold the text seeded before, and add the new items.

    A row whose text differs from what was seeded was edited by staff: it stays as it is.
    A new item is added only where it is missing, so a rerun changes nothing.
    """
    Advice, MessageTemplate = _models(apps)
    advice_now = {(item["stage"], item["title"]): item for item in ADVICE}
    templates_now = {item["purpose"]: item for item in TEMPLATES}
    for key, before in revision.advice_before.items():
        item = advice_now[key]
        untouched = Advice.objects.filter(title=item["title"], **{"stage": item["stage"], **before})
        untouched.update(**_with_html(Advice, {name: item[name] for name in before}))
    for purpose, before in revision.templates_before.items():
        item = templates_now[purpose]
        MessageTemplate.objects.filter(purpose=purpose, subject=before["subject"], body=before["body"]).update(
            subject=item["subject"], body=item["body"]
        )
    for key in revision.new_advice:
        item = advice_now[key]
        Advice.objects.get_or_create(stage=item["stage"], title=item["title"], defaults=_with_html(Advice, item))
    for purpose in revision.new_purposes:
        if not MessageTemplate.objects.filter(purpose=purpose).exists():
            MessageTemplate.objects.create(**templates_now[purpose])
