"""Login lock-out (django-axes): five wrong passwords for one user name from one
address lock that pair out for 15 minutes; nobody else is locked out."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessLog
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from tests import factories

from .conftest import logged_in_user_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def cataloguer():
    return factories.make_staff("Katalogisierung", username="katalog")


def fail(login, times, username="katalog", address="192.0.2.10"):
    for n in range(1, times + 1):
        response = login(username, password="falsch-geraten-123", address=address)
        # The form again with its error; the fifth failure gets the lock-out page.
        assert response.status_code == (429 if n == 5 else 200)


def test_five_failures_lock_the_user_name_at_that_address(client, login, cataloguer):
    fail(login, 4)
    assert login("katalog").status_code == 302  # the fifth try is still allowed
    client.logout()
    fail(login, 5)
    response = login("katalog")  # the right password no longer helps
    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    assert logged_in_user_id(client) is None
    page = response.content.decode()
    with translation.override("de"):
        assert gettext("Login locked") in page
    assert "15" in page
    assert reverse("admin:login") in page
    attempt = AccessAttempt.objects.get(username="katalog")
    assert attempt.ip_address == "192.0.2.10" and attempt.failures_since_start >= 5
    assert "falsch-geraten-123" not in attempt.post_data  # passwords are not kept


def test_the_lock_does_not_spread_to_other_names_or_addresses(client, login, cataloguer):
    factories.make_staff("Redaktion", username="redaktion")
    fail(login, 5)
    assert login("katalog").status_code == 429
    # The same name from the colleague's address, another name from this one.
    assert login("katalog", address="192.0.2.77").status_code == 302
    client.logout()
    assert login("redaktion").status_code == 302


def test_the_lock_ends_after_the_cool_off(client, login, cataloguer):
    fail(login, 5)
    assert login("katalog").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert login("katalog").status_code == 302


def test_axes_reset_lifts_the_lock(client, login, cataloguer):
    fail(login, 5)
    call_command("axes_reset_username", "katalog", verbosity=0)
    assert login("katalog").status_code == 302


def test_a_successful_login_is_logged_and_resets_the_count(client, login, cataloguer):
    fail(login, 3)
    assert login("katalog").status_code == 302
    assert AccessLog.objects.filter(username="katalog", ip_address="192.0.2.10").exists()
    client.logout()
    fail(login, 4)
    assert login("katalog").status_code == 302  # 4 failures since the success


def test_proxy_address_is_trusted_only_when_configured(client, login, cataloguer, settings):
    # Without a trusted proxy a forged X-Real-IP does not help an attacker: all
    # five tries count for the connecting address.
    for n in range(5):
        login("katalog", password="falsch", HTTP_X_REAL_IP=f"198.51.100.{n}")
    assert login("katalog").status_code == 429
    AccessAttempt.objects.all().delete()
    # Behind nginx (DJANGO_TRUST_X_FORWARDED) the header names the client.
    settings.KULTURSCHATZ_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    fail(login, 5, address="127.0.0.1")
    assert AccessAttempt.objects.get().ip_address == "127.0.0.1"
    AccessAttempt.objects.all().delete()
    for _ in range(5):
        login("katalog", password="falsch", address="127.0.0.1", HTTP_X_REAL_IP="203.0.113.5")
    assert AccessAttempt.objects.get().ip_address == "203.0.113.5"
    assert login("katalog", address="127.0.0.1", HTTP_X_REAL_IP="203.0.113.5").status_code == 429
    assert (
        login("katalog", address="127.0.0.1", HTTP_X_REAL_IP="203.0.113.9").status_code == 302
    )


def test_administration_sees_and_lifts_lockouts_in_the_admin(client, login, cataloguer):
    fail(login, 5)
    attempt = AccessAttempt.objects.get()
    listing = reverse("admin:axes_accessattempt_changelist")
    client.force_login(cataloguer)
    assert listing not in client.get(reverse("admin:index")).content.decode()
    assert client.get(listing).status_code == 403
    assert client.get(reverse("admin:axes_accesslog_changelist")).status_code == 403
    administrator = factories.make_staff("Administration", username="verwaltung")
    client.force_login(administrator)
    page = client.get(listing)
    assert page.status_code == 200 and "192.0.2.10" in page.content.decode()
    assert client.get(reverse("admin:axes_accesslog_changelist")).status_code == 200
    assert listing in client.get(reverse("admin:index")).content.decode()
    response = client.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    client.logout()
    assert login("katalog").status_code == 302
