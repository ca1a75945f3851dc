"""Staff passwords: at least 12 characters, not common, not all digits, not like
the user's own name, refused with Django's own German messages."""

import pytest
from django.contrib.auth.models import User

from tests import factories

pytestmark = pytest.mark.django_db
ADD_USER = "/{}/auth/user/add/"


@pytest.fixture
def administrator(client, settings):
    user = factories.make_staff("Administration", username="verwalterin")
    client.force_login(user)
    return user


def add_user(client, settings, username, password):
    return client.post(
        ADD_USER.format(settings.ADMIN_PATH),
        {
            "username": username,
            "usable_password": "true",
            "password1": password,
            "password2": password,
        },
    )


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Dom-1015!", "Dieses Passwort ist zu kurz. Es muss mindestens 12 Zeichen enthalten."),
        ("password1234", "Dieses Passwort ist zu üblich."),
        ("482915730264", "Dieses Passwort ist komplett numerisch."),
        ("thietmar.merseburg", "Das Passwort ist zu ähnlich zu Benutzername."),
    ],
)
def test_weak_passwords_are_refused_in_german(client, settings, administrator, password, message):
    response = add_user(client, settings, "thietmar.merseburg", password)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(username="thietmar.merseburg").exists()


def test_a_strong_password_is_accepted(client, settings, administrator):
    response = add_user(client, settings, "thietmar.merseburg", "Saale-Bogen-Zauber-1015")
    assert response.status_code == 302
    user = User.objects.get(username="thietmar.merseburg")
    assert user.check_password("Saale-Bogen-Zauber-1015")
