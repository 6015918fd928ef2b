"""Staff edit advice and templates in admin; what they write reaches the flow, sanitised."""

import html
import re

import pytest
from django.urls import reverse

from advice.choices import Purpose
from advice.models import Advice, MessageTemplate
from tests.factories import InterviewFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def seeker_client(client_logged_in, user):
    return client_logged_in


def advice_form(advice: Advice, **changes) -> dict:
    data = {
        "stage": advice.stage,
        "reason": advice.reason,
        "title": advice.title,
        "body": advice.body,
        "order": advice.order,
        "published": "on" if advice.published else "",
        "when_open": "on" if advice.when_open else "",
        "when_closing": "on" if advice.when_closing else "",
        "when_closed": "on" if advice.when_closed else "",
        "_save": "Save",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def attend_page(client, user):
    interview = InterviewFactory(owner=user)
    return client.get(reverse("interviews:flow_step", args=[interview.pk, "attend"]))


def advice_titles(response) -> list[str]:
    return [html.unescape(t) for t in re.findall(r'<h3 class="h5 card-title">(.*?)</h3>', response.content.decode())]


def test_a_staff_edit_of_advice_shows_on_the_flow_page(staff_client, client, user):
    advice = Advice.objects.get(stage="attend", title="Going is usually worth it")
    url = reverse("admin:advice_advice_change", args=[advice.pk])
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(
        url, advice_form(advice, title="Practice is priceless", body="Every interview teaches you *something*.")
    )
    assert response.status_code == 302, response.content.decode()[:3000]

    client.force_login(user)
    page = attend_page(client, user)
    assert advice_titles(page)[0] == "Practice is priceless"
    assert "Every interview teaches you <em>something</em>." in page.content.decode()
    assert "Going is usually worth it" not in advice_titles(page)


def test_unpublishing_advice_takes_it_off_the_flow(staff_client, client, user):
    advice = Advice.objects.get(stage="attend", title="Going is usually worth it")
    staff_client.post(reverse("admin:advice_advice_change", args=[advice.pk]), advice_form(advice, published=""))
    client.force_login(user)
    assert "Going is usually worth it" not in advice_titles(attend_page(client, user))


def test_staff_reorder_advice_in_the_list(staff_client, client, user):
    first = Advice.objects.get(stage="attend", title="Going is usually worth it")
    second = Advice.objects.get(stage="attend", title="If you can't go, tell them early")
    rows = list(Advice.objects.filter(stage="attend").order_by("order", "pk"))
    data = {"form-TOTAL_FORMS": str(len(rows)), "form-INITIAL_FORMS": str(len(rows)), "_save": "Save"}
    for i, row in enumerate(rows):
        data[f"form-{i}-id"] = str(row.pk)
        data[f"form-{i}-order"] = "90" if row.pk == first.pk else str(row.order)
        if row.published:
            data[f"form-{i}-published"] = "on"
    changelist = reverse("admin:advice_advice_changelist") + "?stage__exact=attend"
    page = staff_client.get(changelist)
    assert 'name="form-0-order"' in page.content.decode()
    response = staff_client.post(changelist, data)
    assert response.status_code == 302, response.content.decode()[:3000]

    client.force_login(user)
    assert advice_titles(attend_page(client, user)) == [second.title, first.title]


def test_the_lists_filter_by_stage_and_purpose_and_search(staff_client):
    advice_list = staff_client.get(reverse("admin:advice_advice_changelist") + "?stage__exact=why")
    titles = re.findall(r'<th class="field-title"><a [^>]*>(.*?)</a>', advice_list.content.decode())
    assert titles and all(Advice.objects.get(title=html.unescape(t)).stage == "why" for t in titles)
    searched = staff_client.get(reverse("admin:advice_advice_changelist") + "?q=phone+call")
    assert "Call them now: a phone call beats an e-mail" in html.unescape(searched.content.decode())
    templates = staff_client.get(reverse("admin:advice_messagetemplate_changelist") + "?purpose__exact=follow_up")
    assert "Following up: a new time for our interview" in templates.content.decode()
    assert "Request to reschedule" not in templates.content.decode()


def template_form(**changes) -> dict:
    data = {
        "purpose": "follow_up",
        "subject": "Checking in",
        "body": "Dear {contact_name},\n{your_name}",
        "active": "on",
    }
    data.update(changes)
    data["_save"] = "Save"
    return data


def test_a_template_with_an_unknown_placeholder_is_refused_with_its_name(staff_client):
    before = MessageTemplate.objects.count()
    response = staff_client.post(
        reverse("admin:advice_messagetemplate_add"), template_form(body="Dear {contact_name}, about {salary}")
    )
    assert response.status_code == 200
    assert "Unknown placeholder {salary}" in html.unescape(response.content.decode())
    assert MessageTemplate.objects.count() == before


def test_a_template_with_unbalanced_braces_is_refused(staff_client):
    template = MessageTemplate.objects.for_purpose("cancel")
    url = reverse("admin:advice_messagetemplate_change", args=[template.pk])
    for bad in ("Dear {contact_name", "Dear contact_name}"):
        response = staff_client.post(url, template_form(purpose="cancel", subject=bad))
        assert response.status_code == 200
        assert "Unbalanced braces" in html.unescape(response.content.decode())
    template.refresh_from_db()
    assert template.subject == "Cancelling our interview on {interview_time}"


def test_a_valid_template_edit_is_used_by_the_flow(staff_client):
    template = MessageTemplate.objects.for_purpose("cancel")
    url = reverse("admin:advice_messagetemplate_change", args=[template.pk])
    response = staff_client.post(
        url, template_form(purpose="cancel", subject="Sorry, {company}", body="Hi {contact_name}, {{literally}}")
    )
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.render({"company": "Acme", "contact_name": "Sam"}) == ("Sorry, Acme", "Hi Sam, {literally}")


def test_script_handlers_and_javascript_links_never_reach_the_page(staff_client, client, user):
    advice = Advice.objects.get(stage="attend", title="Going is usually worth it")
    body = (
        "Safe text.\n\n<script>alert('owned')</script>\n\n"
        '<img src="x" onerror="alert(2)">\n\n'
        '[tap here](javascript:alert(3)) and <a href="javascript:alert(4)">here</a>'
    )
    response = staff_client.post(
        reverse("admin:advice_advice_change", args=[advice.pk]), advice_form(advice, body=body)
    )
    assert response.status_code == 302
    advice.refresh_from_db()
    assert advice.body == body

    client.force_login(user)
    page = attend_page(client, user).content.decode()
    assert "Safe text." in page
    assert "alert(" not in page
    assert "onerror" not in page
    assert "javascript:" not in page
    assert "<script>alert" not in page

    staff_client.force_login(UserFactory(is_staff=True, is_superuser=True))
    preview = staff_client.get(reverse("admin:advice_advice_change", args=[advice.pk])).content.decode()
    rendered = preview.split('<div class="advice-preview">', 1)[1].split("</div>", 1)[0]
    assert "Safe text." in rendered
    assert "alert(" not in rendered and "onerror" not in rendered and "javascript:" not in rendered


def test_the_advice_preview_shows_rendered_markdown(staff_client):
    advice = Advice.objects.get(stage="message", title="Say it politely")
    page = staff_client.get(reverse("admin:advice_advice_change", args=[advice.pk])).content.decode()
    preview = page.split('<div class="advice-preview">', 1)[1]
    assert "<strong>Apologise</strong>" in preview
    assert "<ol>" in preview


def test_the_template_preview_is_filled_with_sample_values(staff_client):
    template = MessageTemplate.objects.for_purpose("reschedule_request")
    page = html.unescape(
        staff_client.get(reverse("admin:advice_messagetemplate_change", args=[template.pk])).content.decode()
    )
    assert "Request to reschedule our interview on Tuesday 14 May 2030 at 10:00 (CEST)" in page
    assert "Dear Alex Morgan," in page
    assert "Product Designer position at Example Ltd" in page


@pytest.mark.parametrize(
    "url", ["/admin/", "/admin/advice/advice/", "/admin/advice/messagetemplate/", "/admin/advice/advice/add/"]
)
def test_a_user_who_is_not_staff_cannot_reach_admin(seeker_client, url):
    response = seeker_client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_user_who_is_not_staff_cannot_change_advice(seeker_client):
    advice = Advice.objects.get(stage="attend", title="Going is usually worth it")
    response = seeker_client.post(
        reverse("admin:advice_advice_change", args=[advice.pk]), advice_form(advice, title="Hacked")
    )
    assert response.status_code == 302
    advice.refresh_from_db()
    assert advice.title == "Going is usually worth it"


def test_the_admin_previews_every_draft_with_sample_values(staff_client):
    changelist = staff_client.get(reverse("admin:advice_messagetemplate_changelist"))
    preview_url = reverse("admin:advice_messagetemplate_preview_all")
    assert preview_url in changelist.content.decode()
    page = html.unescape(staff_client.get(preview_url).content.decode())
    for purpose in Purpose:
        assert f'data-purpose="{purpose.value}"' in page
        assert purpose.label in page
    assert "Subject: Withdrawing my application to Example Ltd" in re.sub(r"<[^>]+>", "", page)
    assert "Dear Alex Morgan," in page
    assert "{company}" not in page


def test_the_preview_of_every_draft_is_for_staff_only(seeker_client):
    response = seeker_client.get(reverse("admin:advice_messagetemplate_preview_all"))
    assert response.status_code == 302
