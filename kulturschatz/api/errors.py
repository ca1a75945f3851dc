"""Errors of the API as one JSON shape: {"error": reason, "parameter": name|null}.

The same keys as /api/search uses, so clients read both alike.
"""

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler


class ParameterError(exceptions.APIException):
    """A query parameter the API cannot use; answered with 400 and the reason."""

    status_code = status.HTTP_400_BAD_REQUEST

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.message = message


class ErrorSerializer(serializers.Serializer):
    """What every 4xx/5xx answer of the API holds (for the schema)."""

    error = serializers.CharField(help_text="Why the request failed, for people.")
    parameter = serializers.CharField(
        allow_null=True,
        help_text="The query parameter at fault, if one is.",
    )


def first_message(detail: Any) -> tuple[str | None, str]:
    """(parameter, message) of the first error in a ValidationError's detail."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            parameter, message = first_message(value)
            return (parameter or str(key)), message
    if isinstance(detail, list) and detail:
        return first_message(detail[0])
    return None, str(detail)


def handle_exception(error: Exception, context: dict) -> Response | None:
    """DRF's handler, answering in our shape (and 404 with a reason of our own)."""
    if isinstance(error, ParameterError):
        return Response(
            {"error": error.message, "parameter": error.parameter},
            status=error.status_code,
        )
    if isinstance(error, exceptions.ValidationError):
        parameter, message = first_message(error.detail)
        return Response(
            {"error": message, "parameter": parameter},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(error, Http404):
        error = exceptions.NotFound(_("Not found."))
    response = exception_handler(error, context)
    if response is not None:
        detail = getattr(error, "detail", "")
        response.data = {"error": str(detail), "parameter": None}
    return response
