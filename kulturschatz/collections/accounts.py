"""Staff accounts: the admin site's two-step login (password, then a TOTP code),
the lock-out page, the session's time limits and the admin of the security logs.

Who must give a code: everyone who has set up an authenticator app (a confirmed
TOTP device), and, when KULTURSCHATZ_REQUIRE_TOTP_FOR_ADMINISTRATION is on,
every superuser and member of the group Administration. Such a user is not
logged in after the password: the session only remembers, for five minutes,
whose password was right, and the login happens once the code is right. So no
session ever carries a user who still owes the code (the public pages' staff
preview of unpublished objects trusts every logged-in session).
"""

import base64
import io
import ipaddress
import time
from typing import Any

import django_otp
import qrcode
import qrcode.image.svg
from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.conf import settings
from django.contrib import admin, auth, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import LoginView, redirect_to_login
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_totp.models import TOTPDevice

ADMINISTRATION = "Administration"
# Whose password was right, waiting for the code: {"user", "backend", "next", "since"}.
PENDING_SESSION_KEY = "kulturschatz_pending_login"
PENDING_LIFETIME = 300  # seconds between the password and the code
SESSION_STARTED_KEY = "kulturschatz_session_started"
SESSION_LAST_SEEN_KEY = "kulturschatz_session_last_seen"
LAST_SEEN_GRANULARITY = 60  # write the session at most once a minute for this


# -- who must give a code ---------------------------------------------------


def has_authenticator(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def must_give_code(user) -> bool:
    """Whether this user enters the admin only with a TOTP code."""
    if not user.is_authenticated:
        return False
    if has_authenticator(user):
        return True
    if not settings.KULTURSCHATZ_REQUIRE_TOTP_FOR_ADMINISTRATION:
        return False
    return user.is_superuser or user.groups.filter(name=ADMINISTRATION).exists()


def gave_code(user) -> bool:
    """Whether this session's login was confirmed with a code (OTPMiddleware)."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


# -- login lock-out (django-axes) -------------------------------------------


def client_ip_address(request: HttpRequest) -> str | None:
    """The address django-axes counts failures for.

    Behind nginx every request comes from the proxy, so its X-Real-IP header
    (which nginx sets, overwriting whatever the client sent) names the client;
    KULTURSCHATZ_CLIENT_IP_HEADER says which header to trust, if any.
    """
    header = settings.KULTURSCHATZ_CLIENT_IP_HEADER
    if header:
        value = request.META.get(header, "").strip()
        try:
            return str(ipaddress.ip_address(value))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR")


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """The page a locked-out login attempt gets (AXES_LOCKOUT_CALLABLE), status 429."""
    cool_off = settings.AXES_COOLOFF_TIME
    context = {
        **admin.site.each_context(request),
        "title": _("Login locked"),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
    }
    response = TemplateResponse(request, "accounts/lockout.html", context, status=429)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response.render()


# -- the second step --------------------------------------------------------


class CodeForm(forms.Form):
    otp_token = forms.RegexField(
        label=_("Code from the authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        error_messages={"invalid": _("Enter the six digits your app shows.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "size": 8,
            }
        ),
    )

    def token(self) -> str:
        return self.cleaned_data["otp_token"].strip()


def begin_second_step(request: HttpRequest, user, next_url: str, backend: str) -> None:
    request.session.cycle_key()  # the password was right: a new key, as login() would
    request.session[PENDING_SESSION_KEY] = {
        "user": user.pk,
        "backend": backend,
        "next": next_url,
        "since": int(time.time()),
    }


def pending_login(request: HttpRequest) -> tuple[Any, dict] | None:
    """The user whose password was right in this session within five minutes."""
    state = request.session.get(PENDING_SESSION_KEY)
    if not state or time.time() - state["since"] > PENDING_LIFETIME:
        request.session.pop(PENDING_SESSION_KEY, None)
        return None
    user = auth.get_user_model()._default_manager.filter(pk=state["user"]).first()
    if user is None or not user.is_active or not user.is_staff:
        return None
    return user, state


def finish_login(request: HttpRequest, user, state: dict, device) -> HttpResponse:
    del request.session[PENDING_SESSION_KEY]
    auth.login(request, user, backend=state["backend"])
    django_otp.login(request, device)
    next_url = state["next"]
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("admin:index")
    return HttpResponseRedirect(next_url)


def record_wrong_code(request: HttpRequest, user) -> None:
    """A wrong code counts as a failed login: django-axes locks out as for passwords."""
    user_login_failed.send(
        sender=__name__, credentials={"username": user.get_username()}, request=request
    )


class StaffLoginView(LoginView):
    """The admin's login form; who must give a code goes on to the second step."""

    def form_valid(self, form: AdminAuthenticationForm) -> HttpResponse:
        user = form.get_user()
        if not must_give_code(user):
            return super().form_valid(form)
        next_url = self.get_redirect_url() or reverse("admin:index")
        begin_second_step(self.request, user, next_url, user.backend)
        if has_authenticator(user):
            return HttpResponseRedirect(reverse("admin:login_code"))
        return HttpResponseRedirect(reverse("admin:two_factor_setup"))


def qr_code_data_uri(text: str) -> str:
    """An SVG QR code, made here: the secret never leaves the server for a CDN."""
    buffer = io.BytesIO()
    qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8).save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def grouped_secret(device: TOTPDevice) -> str:
    """The key in base32 as authenticator apps ask for it, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


# -- the admin site ---------------------------------------------------------


class StaffAdminSite(admin.AdminSite):
    """Django's admin site, which asks for a TOTP code where one is owed."""

    def has_permission(self, request: HttpRequest) -> bool:
        if not super().has_permission(request):
            return False
        user = request.user
        if gave_code(user):
            return True
        # Asked several times per page: remember the answer for this request.
        if not hasattr(user, "_kulturschatz_owes_code"):
            user._kulturschatz_owes_code = must_give_code(user)
        return not user._kulturschatz_owes_code

    def get_urls(self):
        return [
            path("login/code/", self.login_code, name="login_code"),
            path("two-factor/", self.two_factor_setup, name="two_factor_setup"),
            *super().get_urls(),
        ]

    @method_decorator(never_cache)
    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and user.is_active
            and user.is_staff
            and not self.has_permission(request)
            and must_give_code(user)
        ):
            # A session from before a code was owed (set up elsewhere, or the
            # requirement switched on since): log it out and ask for the code.
            backend = request.session.get(auth.BACKEND_SESSION_KEY, "")
            next_url = request.GET.get(auth.REDIRECT_FIELD_NAME, reverse("admin:index"))
            auth.logout(request)
            begin_second_step(request, user, next_url, backend)
            if has_authenticator(user):
                return HttpResponseRedirect(reverse("admin:login_code"))
            return HttpResponseRedirect(reverse("admin:two_factor_setup"))
        if request.method == "GET" and self.has_permission(request):
            return HttpResponseRedirect(reverse("admin:index", current_app=self.name))
        # As AdminSite.login, with the login view that knows the second step.
        context = {
            **self.each_context(request),
            "title": gettext("Log in"),
            "subtitle": None,
            "app_path": request.get_full_path(),
            "username": request.user.get_username(),
        }
        if (
            auth.REDIRECT_FIELD_NAME not in request.GET
            and auth.REDIRECT_FIELD_NAME not in request.POST
        ):
            context[auth.REDIRECT_FIELD_NAME] = reverse("admin:index", current_app=self.name)
        context.update(extra_context or {})
        request.current_app = self.name
        return StaffLoginView.as_view(
            extra_context=context,
            authentication_form=self.login_form or AdminAuthenticationForm,
            template_name=self.login_template or "admin/login.html",
        )(request)

    @method_decorator(sensitive_post_parameters("otp_token"))
    @method_decorator(csrf_protect)
    @method_decorator(never_cache)
    def login_code(self, request: HttpRequest) -> HttpResponse:
        """Second step of the login: the code from the user's authenticator app."""
        pending = pending_login(request)
        if pending is None:
            return HttpResponseRedirect(reverse("admin:login"))
        user, state = pending
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            return HttpResponseRedirect(reverse("admin:two_factor_setup"))
        credentials = {"username": user.get_username()}
        if not AxesProxyHandler.is_allowed(request, credentials):
            return lockout_response(request, None, credentials)
        form = CodeForm(request.POST or None)
        if form.is_valid():
            allowed, _details = device.verify_is_allowed()
            if not allowed:
                # django-otp doubles the wait after each wrong code (1, 2, 4 … s).
                form.add_error(None, _("Too many wrong codes. Wait a moment, then try again."))
            elif device.verify_token(form.token()):
                return finish_login(request, user, state, device)
            else:
                form.add_error("otp_token", _("This code is wrong or has expired."))
                record_wrong_code(request, user)
        context = {
            **self.each_context(request),
            "title": gettext("Log in"),
            "form": form,
            "username": user.get_username(),
        }
        return TemplateResponse(request, "accounts/login_code.html", context)

    @method_decorator(sensitive_post_parameters("otp_token"))
    @method_decorator(csrf_protect)
    @method_decorator(never_cache)
    def two_factor_setup(self, request: HttpRequest) -> HttpResponse:
        """Set up (or replace) the authenticator app of the current user.

        Reached logged in from the admin's top bar, or during the login by a
        user who owes a code but has no app yet: they set it up now, and the
        first right code logs them in.
        """
        pending = pending_login(request)
        if pending is not None:
            user, state = pending
            if has_authenticator(user):  # a second app needs the first one's code
                return HttpResponseRedirect(reverse("admin:login_code"))
        elif self.has_permission(request):
            user, state = request.user, None
        else:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        # One unconfirmed device per user, kept until confirmed, so reloading the
        # page shows the same QR code the app may already have scanned.
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
        if device is None:
            device = TOTPDevice.objects.create(
                user=user, name=gettext("Authenticator app"), confirmed=False
            )
        form = CodeForm(request.POST or None)
        if form.is_valid():
            if device.verify_token(form.token()):
                with transaction.atomic():
                    device.confirmed = True
                    device.save(update_fields=["confirmed"])
                    # The new app replaces any earlier one.
                    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
                if state is not None:
                    return finish_login(request, user, state, device)
                django_otp.login(request, device)
                messages.success(
                    request,
                    gettext("Two-factor login is set up: from now on you log in with a code."),
                )
                return HttpResponseRedirect(reverse("admin:index"))
            form.add_error("otp_token", _("This code is wrong or has expired."))
            if state is not None:
                record_wrong_code(request, user)
        context = {
            **self.each_context(request),
            "title": gettext("Two-factor login"),
            "form": form,
            "during_login": state is not None,
            "has_app": state is None and has_authenticator(user),
            "qr_code": qr_code_data_uri(device.config_url),
            "secret": grouped_secret(device),
            "username": user.get_username(),
        }
        return TemplateResponse(request, "accounts/two_factor_setup.html", context)


# -- session limits ---------------------------------------------------------


class SessionLimitsMiddleware:
    """Log staff out after SESSION_COOKIE_AGE seconds in all, or after
    KULTURSCHATZ_SESSION_IDLE_TIMEOUT seconds without a request.

    Django alone renews a session's expiry whenever the session is written, so it
    has no cap over a whole working day; the start and the last request are kept
    in the session instead. Requests without a session cookie (every public
    visitor) are not looked at, so they still get no cookie and no Vary: Cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            self.check_limits(request)
        return self.get_response(request)

    def check_limits(self, request: HttpRequest) -> None:
        session = request.session
        if auth.SESSION_KEY not in session:
            return
        now = int(time.time())
        started = session.setdefault(SESSION_STARTED_KEY, now)
        last_seen = session.get(SESSION_LAST_SEEN_KEY, now)
        idle_limit = settings.KULTURSCHATZ_SESSION_IDLE_TIMEOUT
        if now - started > settings.SESSION_COOKIE_AGE or (
            idle_limit and now - last_seen > idle_limit
        ):
            auth.logout(request)
            return
        if now - last_seen >= LAST_SEEN_GRANULARITY or SESSION_LAST_SEEN_KEY not in session:
            session[SESSION_LAST_SEEN_KEY] = now


# -- the security logs in the admin -------------------------------------------


class AccountSecurityAdminMixin:
    """Lock-outs and authenticator apps are for whoever may manage staff accounts
    (the group Administration has the auth permissions): they read them, and
    delete a record to lift a lock-out or to let a user set up a new phone."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("auth.view_user")

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.has_perm("auth.view_user")

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.has_perm("auth.change_user")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # records are written by logins; apps are set up by their owner

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


def register_security_admins() -> None:
    """Register the admins of django-axes and django-otp again with our permissions."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model in (AccessAttempt, AccessLog, AccessFailureLog, TOTPDevice):
        if not admin.site.is_registered(model):
            continue
        model_admin = admin.site.get_model_admin(model)
        admin.site.unregister(model)
        admin.site.register(
            model,
            type(
                type(model_admin).__name__,
                (AccountSecurityAdminMixin, type(model_admin)),
                {"__module__": __name__},
            ),
        )
