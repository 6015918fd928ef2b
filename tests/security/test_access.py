"""Who may open what: logged-out visitors reach only the public pages, and only staff reach admin.

Both walk the URLconf, so a page added without @login_required, or an admin view
opened to everyone, fails here.
"""

from urllib.parse import urlsplit

from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from interviews.models import Interview
from tests.factories import UserFactory
from tests.security.routes import all_routes, project_routes, route_urls
from tests.security.world import interviews_in_every_state, state_difference, stored_state

# Pages a logged-out visitor may open: the landing page at `/` (the dashboard once logged in),
# logging in and signing up, the password-reset pages (reached from an e-mail), the
# signed-token links (and the calendar feed's secret link), and the health check.
PUBLIC = {
    "healthz",
    "interviews:dashboard",
    "accounts:login",
    "accounts:signup",
    "accounts:signup_sent",
    "accounts:signup_finish",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "accounts:verify",
    "accounts:unsubscribe",
    # The reminder e-mail's snooze link: its page works logged out; its POST still needs the page's CSRF token.
    "interviews:snooze",
    "interviews:calendar_feed",
}
# POST-only pages answer a logged-out GET with 405 before anything else: nothing to see there.
LOGIN = reverse("accounts:login")


def test_every_private_page_sends_a_logged_out_visitor_to_log_in(owner):
    interviews = interviews_in_every_state(owner, timezone.now())
    client = Client()

    failures, checked = [], 0
    for route in project_routes():
        if route.name in PUBLIC:
            continue
        for url in route_urls(route, user=owner, owned_ids=[i.pk for i in interviews]):
            before = stored_state()
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                checked += 1
                to_login = response.status_code == 302 and urlsplit(response.url).path == LOGIN
                if not (to_login or (method == "get" and response.status_code == 405)):
                    failures.append(f"{method.upper()} {url} ({route}) logged out: {response.status_code}")
            changed = state_difference(before, stored_state())
            if changed:
                failures.append(f"{url} ({route}) logged out changed: {changed}")
    assert checked > 0
    assert not failures, "\n".join(failures)


def test_the_public_list_names_only_existing_pages():
    stale = PUBLIC - {r.name for r in project_routes()}
    assert not stale, f"PUBLIC names URLs that no longer exist: {stale}"


def _admin_urls(interview: Interview) -> list[str]:
    """Every admin URL, with its arguments filled from a real interview."""
    interview_type = ContentType.objects.get_for_model(Interview)
    values = {
        "object_id": str(interview.pk),
        "app_label": "interviews",
        "content_type_id": str(interview_type.pk),
        "url": "interviews/interview/",
    }
    urls = []
    for route in all_routes():
        if not route.is_admin:
            continue
        kwargs = {k: values.get(k, str(interview.pk)) for k in route.kwargs}  # e.g. a user's <id>
        if route.name:
            urls.append((route, reverse(route.name, kwargs=kwargs)))
    return urls


def test_a_user_who_is_not_staff_reaches_no_admin_page(owner):
    (interview, *_) = interviews_in_every_state(owner, timezone.now())
    client = Client()
    client.force_login(owner)  # logged in, not staff

    failures = []
    admin_login = reverse("admin:login")
    urls = _admin_urls(interview)
    assert len(urls) > 20, "the walk found too few admin URLs"
    for route, url in urls:
        if route.name in ("admin:login",):
            continue
        before = stored_state()
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            path = urlsplit(response.url).path if response.status_code == 302 else ""
            if response.status_code == 200 or (response.status_code == 302 and path not in (admin_login, "/admin/")):
                failures.append(f"{method.upper()} {url} ({route}) as a non-staff user: {response.status_code} {path}")
        changed = state_difference(before, stored_state())
        if changed:
            failures.append(f"{url} ({route}) as a non-staff user changed: {changed}")
    assert not failures, "\n".join(failures)


def test_staff_without_permissions_see_no_interviews_in_admin(owner):
    (interview, *_) = interviews_in_every_state(owner, timezone.now())
    staff = UserFactory(is_staff=True)  # staff, but no model permissions
    client = Client()
    client.force_login(staff)

    assert client.get(reverse("admin:interviews_interview_changelist")).status_code == 403
    assert client.get(reverse("admin:interviews_interview_change", args=[interview.pk])).status_code == 403
    assert "Fresh Ltd" not in client.get(reverse("admin:index")).content.decode()
