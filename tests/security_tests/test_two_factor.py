"""Two-factor login (TOTP): who owes a code is logged in only once it is right."""

import time

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from kulturschatz.collections import accounts
from tests import factories

from .conftest import logged_in_user_id

pytestmark = pytest.mark.django_db


def code(device, steps_ahead=0):
    """The code the user's phone shows now (or that many 30-second steps later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def wrong(right):
    return f"{(int(right) + 1) % 1_000_000:06d}"


def skip_the_wait(device):
    """django-otp makes the next try after a wrong code wait 1, 2, 4 … seconds."""
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)


@pytest.fixture
def required(settings):
    settings.KULTURSCHATZ_REQUIRE_TOTP_FOR_ADMINISTRATION = True


@pytest.fixture
def administrator():
    return factories.make_staff("Administration", username="verwaltung")


def enrolled(user):
    return TOTPDevice.objects.create(user=user, name="Telefon", confirmed=True)


def can_open_the_admin(client):
    return client.get(reverse("admin:index")).status_code == 200


def test_administration_gives_the_code_after_the_password(client, login, required, administrator):
    device = enrolled(administrator)
    response = login("verwaltung")
    assert response.status_code == 302 and response["Location"] == reverse("admin:login_code")
    assert logged_in_user_id(client) is None  # the password alone logs nobody in
    assert not can_open_the_admin(client)

    page = client.get(reverse("admin:login_code"))
    assert page.status_code == 200 and 'autocomplete="one-time-code"' in page.content.decode()
    right = code(device)
    response = client.post(reverse("admin:login_code"), {"otp_token": wrong(right)})
    assert response.status_code == 200 and response.context["form"].errors
    assert logged_in_user_id(client) is None
    skip_the_wait(device)

    response = client.post(reverse("admin:login_code"), {"otp_token": right})
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
    assert logged_in_user_id(client) == str(administrator.pk)
    assert can_open_the_admin(client)
    # A code is good once: the same code cannot log in a second session.
    other = client.__class__()
    other.post(reverse("admin:login"), {"username": "verwaltung", "password": "Merseburg-1080-Test"})
    assert other.post(reverse("admin:login_code"), {"otp_token": right}).status_code == 200


def test_superusers_count_as_administration(client, login, required):
    User.objects.create_superuser("chef", password="Merseburg-1080-Test")
    response = login("chef")
    assert response["Location"] == reverse("admin:two_factor_setup")
    assert logged_in_user_id(client) is None


def test_cataloguers_are_not_asked_when_only_administration_must(client, login, required):
    factories.make_staff("Katalogisierung", username="katalog")
    response = login("katalog")
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
    assert can_open_the_admin(client)


def test_without_the_requirement_only_users_with_an_app_are_asked(client, login, administrator):
    assert login("verwaltung")["Location"] == reverse("admin:index")
    client.logout()
    enrolled(administrator)
    assert login("verwaltung")["Location"] == reverse("admin:login_code")
    assert logged_in_user_id(client) is None


def test_setting_up_the_app_during_the_login(client, login, required, administrator):
    login("verwaltung")
    page = client.get(reverse("admin:two_factor_setup"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html  # the QR code, made here
    device = TOTPDevice.objects.get(user=administrator, confirmed=False)
    assert page.context["secret"].replace(" ", "") in html.replace(" ", "")
    # Reloading shows the same key: the app may already have scanned it.
    assert client.get(reverse("admin:two_factor_setup")).context["secret"] == page.context["secret"]
    right = code(device)
    client.post(reverse("admin:two_factor_setup"), {"otp_token": wrong(right)})
    assert logged_in_user_id(client) is None
    skip_the_wait(device)
    response = client.post(reverse("admin:two_factor_setup"), {"otp_token": right})
    assert response.status_code == 302
    assert logged_in_user_id(client) == str(administrator.pk) and can_open_the_admin(client)
    device.refresh_from_db()
    assert device.confirmed
    # From now on the login asks for the app's code.
    client.logout()
    assert login("verwaltung")["Location"] == reverse("admin:login_code")


def test_staff_set_up_the_app_from_the_admin(client, login):
    cataloguer = factories.make_staff("Katalogisierung", username="katalog")
    old = enrolled(cataloguer)
    client.force_login(cataloguer)
    session = client.session
    session[accounts.django_otp.DEVICE_ID_SESSION_KEY] = old.persistent_id
    session.save()
    index = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:two_factor_setup") in index  # the link in the top bar
    page = client.get(reverse("admin:two_factor_setup"))
    assert page.status_code == 200 and page.context["has_app"]
    new = TOTPDevice.objects.get(user=cataloguer, confirmed=False)
    response = client.post(reverse("admin:two_factor_setup"), {"otp_token": code(new)})
    assert response.status_code == 302 and can_open_the_admin(client)
    # The new app replaces the old one.
    assert list(TOTPDevice.objects.filter(user=cataloguer)) == [new]


def test_a_session_that_owes_the_code_is_sent_to_the_code(client, required, administrator):
    enrolled(administrator)
    client.force_login(administrator)  # e.g. logged in before the requirement
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
    response = client.get(response["Location"])
    assert response["Location"] == reverse("admin:login_code")
    assert logged_in_user_id(client) is None  # logged out until the code is given


def test_wrong_codes_lock_out_like_wrong_passwords(client, login, required, administrator):
    device = enrolled(administrator)
    login("verwaltung")
    right = code(device)
    for n in range(1, 6):
        skip_the_wait(device)
        response = client.post(
            reverse("admin:login_code"), {"otp_token": wrong(right)}, REMOTE_ADDR="192.0.2.10"
        )
        assert response.status_code == (429 if n == 5 else 200)
    assert AccessAttempt.objects.get(username="verwaltung").failures_since_start == 5
    skip_the_wait(device)
    # Even the right code is refused now, and so is the password step.
    response = client.post(
        reverse("admin:login_code"), {"otp_token": right}, REMOTE_ADDR="192.0.2.10"
    )
    assert response.status_code == 429 and logged_in_user_id(client) is None
    assert login("verwaltung").status_code == 429


def test_the_password_is_good_for_five_minutes(client, login, required, administrator):
    device = enrolled(administrator)
    login("verwaltung")
    session = client.session
    session[accounts.PENDING_SESSION_KEY]["since"] -= accounts.PENDING_LIFETIME + 1
    session.save()
    response = client.post(reverse("admin:login_code"), {"otp_token": code(device)})
    assert response["Location"] == reverse("admin:login")
    assert logged_in_user_id(client) is None


def test_administration_manages_apps_but_never_sees_keys(client, administrator):
    cataloguer = factories.make_staff("Katalogisierung", username="katalog")
    listing = reverse("admin:otp_totp_totpdevice_changelist")
    client.force_login(cataloguer)
    assert client.get(listing).status_code == 403
    device = enrolled(cataloguer)
    client.force_login(administrator)
    page = client.get(listing).content.decode()
    assert "katalog" in page and device.key not in page
    detail = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert detail.status_code == 200 and device.key not in detail.content.decode()
    assert client.get(reverse("admin:otp_totp_totpdevice_add")).status_code == 403
    response = client.post(
        reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"}
    )
    assert response.status_code == 302 and not TOTPDevice.objects.exists()
