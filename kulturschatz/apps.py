"""App configs of the project: the admin with our own default site (Django's
documented way to swap it), and staff-facing names for two third-party apps."""

from axes.apps import AppConfig as AxesConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPConfig


class StaffAdminConfig(AdminConfig):
    """``django.contrib.admin`` whose ``admin.site`` asks for a second factor.

    The site class lives in kulturschatz.collections.accounts; it is imported
    only when ``admin.site`` is first used, after every model has loaded.
    """

    default_site = "kulturschatz.collections.accounts.StaffAdminSite"

    def ready(self) -> None:
        super().ready()  # autodiscovers every app's admin module
        from kulturschatz.collections import accounts

        accounts.register_security_admins()


class LoginSecurityConfig(AxesConfig):
    """django-axes, under a name staff understand in the admin's app list."""

    verbose_name = _("Login security")


class TwoFactorConfig(TOTPConfig):
    """django-otp's TOTP devices, under a name staff understand in the admin."""

    verbose_name = _("Two-factor login")
