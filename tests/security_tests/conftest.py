import pytest
from django.urls import reverse


@pytest.fixture
def login(client):
    """POST the admin's login form as a browser would, from a given address."""

    def post(username, password="Merseburg-1080-Test", address="192.0.2.10", **extra):
        return client.post(
            reverse("admin:login"),
            {"username": username, "password": password, "next": reverse("admin:index")},
            REMOTE_ADDR=address,
            **extra,
        )

    return post


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")
