"""Staff in the admin as a browser would be: log in on the login page, read a
change form's fields from its HTML and send them back with some changed."""

import lxml.html

PASSWORD = "Merseburg-1080-Test"  # tests.factories.make_staff's password


def log_in(client, user) -> None:
    """Log in through the admin's login form (password; no authenticator set up)."""
    client.logout()
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": user.get_username(), "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert client.get("/admin/").status_code == 200


def form_data(html: str, form_id: str = "heritageobject_form") -> dict[str, list[str]]:
    """The values a browser would send for the form (files left out)."""
    document = lxml.html.fromstring(html)
    form = document.get_element_by_id(form_id)
    data: dict[str, list[str]] = {}
    for element in form.iter("input", "select", "textarea"):
        name = element.get("name")
        if not name or "__prefix__" in name or element.get("disabled") is not None:
            continue
        if element.tag == "select":
            chosen = [
                o.get("value", o.text or "")
                for o in element.iter("option")
                if o.get("selected") is not None
            ]
            if chosen or element.get("multiple") is not None:
                data.setdefault(name, []).extend(chosen)
            continue
        if element.tag == "textarea":
            data.setdefault(name, []).append(element.text or "")
            continue
        kind = (element.get("type") or "text").lower()
        if kind in ("submit", "button", "file", "image", "reset"):
            continue
        if kind in ("checkbox", "radio"):
            if element.get("checked") is not None:
                data.setdefault(name, []).append(element.get("value", "on"))
            continue
        data.setdefault(name, []).append(element.get("value", ""))
    return data


def change_object(client, heritage_object, **changes):
    """Open the object's change page, apply ``changes`` (field name → value,
    None to leave a checkbox unticked) and save; returns the response."""
    url = f"/admin/collections/heritageobject/{heritage_object.pk}/change/"
    response = client.get(url)
    assert response.status_code == 200
    data = form_data(response.content.decode())
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value if isinstance(value, list) else [value]
    return client.post(url, data, follow=True)


def messages_of(response) -> list[str]:
    return (
        [str(message) for message in response.context["messages"]]
        if response.context
        else []
    )


def german(msgid: str, **params) -> str:
    """A message as staff read it: the German catalogue's text of ``msgid``."""
    from django.utils import translation

    with translation.override("de"):
        text = translation.gettext(msgid)
    return text % params if params else text


FOUR_EYES = (
    "Four-eyes principle: you changed “%(object)s” last or submitted it for "
    "review yourself, so a second member of the editorial team (Redaktion) "
    "must publish it."
)
