"""System checks of the OAI-PMH settings (`manage.py check`)."""

import re

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

from .protocol import REPOSITORY_IDENTIFIER_PATTERN

# OAI-PMH.xsd, emailType.
EMAIL_PATTERN = r"\S+@(\S+\.)+\S+"


@register()
def check_oai_settings(**kwargs: object) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    identifier = settings.KULTURSCHATZ_OAI_REPOSITORY_IDENTIFIER
    if not REPOSITORY_IDENTIFIER_PATTERN.fullmatch(identifier):
        errors.append(
            Error(
                f"KULTURSCHATZ_OAI_REPOSITORY_IDENTIFIER {identifier!r} is not a "
                "domain name as oai-identifier.xsd requires (e.g. archiv.example.org).",
                id="metadata.E001",
            )
        )
    emails = settings.KULTURSCHATZ_OAI_ADMIN_EMAILS
    if not emails or not all(re.fullmatch(EMAIL_PATTERN, e) for e in emails):
        errors.append(
            Error(
                "KULTURSCHATZ_OAI_ADMIN_EMAILS must list at least one e-mail address.",
                id="metadata.E002",
            )
        )
    if settings.KULTURSCHATZ_OAI_PAGE_SIZE < 1:
        errors.append(
            Error("KULTURSCHATZ_OAI_PAGE_SIZE must be at least 1.", id="metadata.E003")
        )
    return errors
