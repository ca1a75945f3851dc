"""Staff sessions end after a working day, after two idle hours, and when the
browser closes; public visitors still get no cookie at all."""

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from kulturschatz.collections import accounts
from tests import factories

from .conftest import logged_in_user_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(factories.make_staff("Redaktion", username="redaktion"))
    assert client.get(reverse("admin:index")).status_code == 200
    return client


def shift(client, key, seconds):
    session = client.session
    session[key] -= seconds
    session.save()


def test_defaults_are_a_working_day_and_two_idle_hours():
    assert django_settings.SESSION_COOKIE_AGE == 8 * 3600
    assert django_settings.KULTURSCHATZ_SESSION_IDLE_TIMEOUT == 2 * 3600
    assert django_settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_an_idle_session_ends(staff_client):
    shift(staff_client, accounts.SESSION_LAST_SEEN_KEY, 2 * 3600 - 30)
    assert staff_client.get(reverse("admin:index")).status_code == 200  # still in time
    shift(staff_client, accounts.SESSION_LAST_SEEN_KEY, 2 * 3600 + 1)  # from that request
    response = staff_client.get(reverse("admin:index"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
    assert logged_in_user_id(staff_client) is None


def test_activity_keeps_the_session_but_not_beyond_the_working_day(staff_client):
    shift(staff_client, accounts.SESSION_LAST_SEEN_KEY, 90)
    staff_client.get(reverse("admin:index"))
    session = staff_client.session
    assert session[accounts.SESSION_LAST_SEEN_KEY] >= session[accounts.SESSION_STARTED_KEY]
    shift(staff_client, accounts.SESSION_STARTED_KEY, 8 * 3600 + 1)
    assert staff_client.get(reverse("admin:index")).status_code == 302
    assert logged_in_user_id(staff_client) is None


def test_no_idle_limit_when_switched_off(staff_client, settings):
    settings.KULTURSCHATZ_SESSION_IDLE_TIMEOUT = 0
    shift(staff_client, accounts.SESSION_LAST_SEEN_KEY, 5 * 3600)
    assert staff_client.get(reverse("admin:index")).status_code == 200


def test_the_session_cookie_ends_with_the_browser(client, login):
    factories.make_staff("Redaktion", username="redaktion")
    response = login("redaktion")
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert not cookie["expires"] and not cookie["max-age"]


def test_public_visitors_get_no_cookie_and_no_session(client):
    for path in ["/", "/objekte/", "/suche/?q=Dom", "/robots.txt"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert not response.cookies, path
