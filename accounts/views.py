"""Account pages: sign-up (address, then the link's form), log-in/out, passwords, verification, settings,
unsubscribe.

Thin: parse the form or the token, call one service, render or redirect. The
log-in and password views are Django's, pointed at our forms, templates and
namespaced URL names.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.ratelimits import rate_limited

from .forms import EmailAuthenticationForm, FinishSignUpForm, SettingsForm, SignUpForm
from .services import (
    AddressTaken,
    address_has_account,
    password_reset_complete,
    password_reset_request,
    signup_request,
    user_sign_up,
    user_unsubscribe,
    user_update_settings,
    user_verify_email,
    verification_request,
)
from .tokens import (
    SIGNUP_MAX_AGE,
    TokenInvalid,
    read_signup_token,
    read_unsubscribe_token,
    read_verification_token,
)

# Finishing sign-up logs in without a password check by the axes backend (the password was just set).
_LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"


# --- Sign-up and verification -----------------------------------------------------


@rate_limited("signup")
@require_http_methods(["GET", "POST"])
def signup(request):
    """Only the address; every address gets the same "check your inbox" page (see signup_email_deliver)."""
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        signup_request(email=form.cleaned_data["email"])
        return redirect("accounts:signup_sent")
    return render(request, "accounts/signup.html", {"form": form})


@require_GET
def signup_sent(request):
    return render(
        request,
        "accounts/signup_sent.html",
        {"valid_days": SIGNUP_MAX_AGE.days, "emails_on_console": settings.DEBUG and _console_email()},
    )


def _console_email() -> bool:
    return settings.EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend"


# The token in the URL stands for the address: the page must not stay in any cache.
@never_cache
@require_http_methods(["GET", "POST"])
def signup_finish(request, token):
    try:
        email = read_signup_token(token)
    except TokenInvalid as exc:
        return render(request, "accounts/signup_failed.html", {"expired": exc.expired}, status=400)
    if request.user.is_authenticated:
        messages.info(request, "You are logged in already. Log out first to create another account.")
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = FinishSignUpForm(request.POST or None, email=email)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = user_sign_up(
                email=email,
                password=data["password1"],
                name=data["name"],
                time_zone=data["time_zone"],
                now=timezone.now(),
            )
        except AddressTaken:
            return render(request, "accounts/signup_taken.html", {"email": email})
        login(request, user, backend=_LOGIN_BACKEND)
        messages.success(request, "Welcome to RainCheck! Your address is verified. You can add your interviews now.")
        return redirect(settings.LOGIN_REDIRECT_URL)
    if request.method == "GET" and address_has_account(email=email):
        return render(request, "accounts/signup_taken.html", {"email": email})
    return render(request, "accounts/signup_finish.html", {"form": form, "email": email})


@never_cache
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
    verification_request(user=user)
    messages.info(
        request,
        f"A link is on its way to {user.email} (at most one a minute). Open it to verify your address and get "
        "reminders; check your spam folder too.",
    )
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


@method_decorator(rate_limited("password_reset"), name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    """The same answer, after the same work, whether or not the address has an account."""

    template_name = "registration/password_reset_form.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        # Not Django's form.save(): that looks the address up and sends over SMTP inside the request.
        password_reset_request(email=form.cleaned_data["email"])
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        password_reset_complete(user=form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"


# --- Settings ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request):
    form = SettingsForm.for_user(request.user, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user_update_settings(user=request.user, now=timezone.now(), **form.settings_values())
        except ValidationError as error:
            # A rule the service keeps (a period of more business days than it counts): shown, nothing saved.
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, "Settings saved.")
            return redirect("accounts:settings")
    return render(request, "accounts/settings.html", {"form": form})


# --- Unsubscribe (one click, from a reminder e-mail) ----------------------------------


# RFC 8058: the mail provider POSTs "List-Unsubscribe=One-Click" with no cookies and no
# CSRF token. The signed token in the path is the authorisation, and it can only switch
# its own account's reminders off.
@csrf_exempt
@never_cache
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
