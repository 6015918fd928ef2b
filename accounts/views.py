"""Account pages: sign-up, log-in/out, passwords, verification, settings, unsubscribe.

Thin: parse the form or the token, call one service, render or redirect. The
log-in and password views are Django's, pointed at our forms, templates and
namespaced URL names.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .forms import DUPLICATE_EMAIL_MESSAGE, EmailAuthenticationForm, SettingsForm, SignUpForm
from .notifications import verification_email_send
from .services import (
    user_sign_up,
    user_unsubscribe,
    user_update_settings,
    user_verify_email,
    verification_send_claim,
    verification_send_release,
)
from .tokens import TokenInvalid, read_unsubscribe_token, read_verification_token

# Sign-up logs in without a password check by the axes backend (the password was just set).
_LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _send_verification(request, user) -> None:
    if not verification_send_claim(user=user, now=timezone.now()):
        messages.info(request, "We sent a link a moment ago. Check your inbox (and spam folder), or try in a minute.")
    elif verification_email_send(user=user):
        messages.info(request, f"We sent a link to {user.email}. Open it to verify your address and get reminders.")
    else:
        verification_send_release(user=user)
        messages.warning(
            request,
            "We could not send the verification e-mail just now. Use “Send the link again” in a few minutes.",
        )


# --- Sign-up and verification -----------------------------------------------------


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = user_sign_up(
                email=data["email"], password=data["password1"], name=data["name"], time_zone=data["time_zone"]
            )
        except IntegrityError:
            # Two sign-ups with one address at the same moment: the second finds it taken.
            form.add_error("email", DUPLICATE_EMAIL_MESSAGE)
        else:
            login(request, user, backend=_LOGIN_BACKEND)
            messages.success(request, "Welcome to RainCheck! You can add your interviews now.")
            _send_verification(request, user)
            return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/signup.html", {"form": form})


@require_GET
def verify(request, token):
    try:
        user = read_verification_token(token)
    except TokenInvalid as exc:
        return render(request, "accounts/verify_failed.html", {"expired": exc.expired}, status=400)
    newly = user_verify_email(user=user, now=timezone.now())
    if request.user.pk == user.pk:
        # request.user was loaded before the verification: without this the page that says
        # "your address is verified" still shows the banner asking to verify it.
        request.user.email_verified_at = user.email_verified_at
    return render(request, "accounts/verify_done.html", {"verified_user": user, "newly": newly})


@login_required
@require_POST
def verification_resend(request):
    user = request.user
    if user.email_verified:
        messages.info(request, f"Your address {user.email} is verified already.")
        return redirect(settings.LOGIN_REDIRECT_URL)
    _send_verification(request, user)
    return redirect(settings.LOGIN_REDIRECT_URL)


# --- Log-in, log-out, passwords ---------------------------------------------------


class LoginView(auth_views.LoginView):
    authentication_form = EmailAuthenticationForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST only (Django's LogoutView answers GET with 405)."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, "You are logged out.")
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "registration/password_change_done.html"


class PasswordResetView(auth_views.PasswordResetView):
    """The same answer whether or not the address has an account."""

    template_name = "registration/password_reset_form.html"
    subject_template_name = "emails/password_reset_subject.txt"
    email_template_name = "emails/password_reset.txt"
    html_email_template_name = "emails/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        # Read at request time, so the links follow RAINCHECK_SITE_URL as configured now.
        self.extra_email_context = {"site_url": settings.RAINCHECK_SITE_URL}
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"


# --- Settings ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request):
    form = SettingsForm.for_user(request.user, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user_update_settings(user=request.user, now=timezone.now(), **form.cleaned_data)
        messages.success(request, "Settings saved.")
        return redirect("accounts:settings")
    return render(request, "accounts/settings.html", {"form": form})


# --- Unsubscribe (one click, from a reminder e-mail) ----------------------------------


# RFC 8058: the mail provider POSTs "List-Unsubscribe=One-Click" with no cookies and no
# CSRF token. The signed token in the path is the authorisation, and it can only switch
# its own account's reminders off.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        user = read_unsubscribe_token(token)
    except TokenInvalid as exc:
        return render(request, "accounts/unsubscribe_failed.html", {"expired": exc.expired}, status=400)
    if request.method == "POST":
        user_unsubscribe(user=user, now=timezone.now())
        return render(request, "accounts/unsubscribe_done.html", {"subscriber": user})
    return render(request, "accounts/unsubscribe_confirm.html", {"subscriber": user})
