"""Pages of API lists: ``page`` and ``page_size``, with count and links."""

import re
from typing import Any

from django.core.paginator import InvalidPage
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework import pagination
from rest_framework.request import Request
from rest_framework.response import Response

from .errors import ParameterError

DIGITS = re.compile(r"[0-9]{1,9}")  # str.isdigit() admits "²", which int() refuses
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


def parse_positive(request: Request, name: str, default: int, maximum: int) -> int:
    """A whole number from 1 to ``maximum`` in the query string, or the default."""
    text = request.query_params.get(name, "").strip()
    if not text:
        return default
    if not DIGITS.fullmatch(text) or not 1 <= int(text) <= maximum:
        raise ParameterError(
            name,
            _("Please give a whole number from 1 to %(maximum)d.") % {"maximum": maximum},
        )
    return int(text)


class PageNumberPagination(pagination.PageNumberPagination):
    """DRF's page numbers, but a bad page or page size is a 400 with the reason
    (DRF answers 404 for a bad page and silently ignores a bad page size)."""

    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    max_page = 100_000

    def get_page_size(self, request: Request) -> int:
        return parse_positive(
            request, self.page_size_query_param, self.page_size, self.max_page_size
        )

    def paginate_queryset(
        self, queryset: QuerySet, request: Request, view: Any = None
    ) -> list:
        self.request = request
        page_size = self.get_page_size(request)
        number = parse_positive(request, self.page_query_param, 1, self.max_page)
        paginator = self.django_paginator_class(queryset, page_size)
        try:
            self.page = paginator.page(number)
        except InvalidPage:
            raise ParameterError(
                self.page_query_param,
                _("There is no page %(number)d; the last page is %(last)d.")
                % {"number": number, "last": paginator.num_pages},
            ) from None
        return list(self.page)

    def get_paginated_response(self, data: list) -> Response:
        return Response(
            {
                "count": self.page.paginator.count,
                "page": self.page.number,
                "pages": self.page.paginator.num_pages,
                "page_size": self.page.paginator.per_page,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict) -> dict:
        link = {"type": ["string", "null"], "format": "uri"}  # OpenAPI 3.1
        return {
            "type": "object",
            "required": [
                "count", "page", "pages", "page_size", "next", "previous", "results"
            ],
            "properties": {
                "count": {"type": "integer", "minimum": 0},
                "page": {"type": "integer", "minimum": 1},
                "pages": {"type": "integer", "minimum": 1},
                "page_size": {"type": "integer", "minimum": 1},
                "next": {**link, "example": "https://example.org/api/v1/objects?page=3"},
                "previous": {**link, "example": "https://example.org/api/v1/objects?page=1"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict]:
        return [
            {
                "name": self.page_query_param,
                "in": "query",
                "required": False,
                "description": "Page number, from 1.",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page},
            },
            {
                "name": self.page_size_query_param,
                "in": "query",
                "required": False,
                "description": (
                    f"Results per page (default {self.page_size}, "
                    f"at most {self.max_page_size})."
                ),
                "schema": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                    "default": self.page_size,
                },
            },
        ]
