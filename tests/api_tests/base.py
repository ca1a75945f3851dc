"""Shared set-up of the API tests: the catalogue, and answers checked against the
OpenAPI schema the API serves."""

from typing import Any

from django.test import TestCase
from openapi_schema_validator import OAS31Validator, validate

from .catalogue import build_catalogue

SCHEMA_URL = "/api/v1/openapi.json"


def operation_schema(spec: dict, path: str, status: int) -> dict:
    """The JSON schema of a GET answer with this status, components included."""
    response = spec["paths"][path]["get"]["responses"][str(status)]
    body = response["content"]["application/json"]["schema"]
    return {"components": spec["components"], "allOf": [body]}


def assert_conforms(spec: dict, path: str, status: int, data: Any) -> None:
    """The answer is what the served schema promises (formats checked too)."""
    validate(
        data,
        operation_schema(spec, path, status),
        cls=OAS31Validator,
        format_checker=OAS31Validator.FORMAT_CHECKER,
    )


class APITestCase(TestCase):
    """The catalogue of catalogue.py, built once per class."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.catalogue = build_catalogue()

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.spec = cls.client_class().get(SCHEMA_URL).json()

    def get_json(
        self, url: str, schema_path: str | None = None, status: int = 200, **params: Any
    ) -> Any:
        """GET, check status, CORS and JSON, and (given the schema path) that the
        answer conforms to the served schema."""
        response = self.client.get(url, params)
        self.assertEqual(response.status_code, status, response.content[:500])
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertEqual(response["Access-Control-Allow-Origin"], "*")
        data = response.json()
        if schema_path:
            assert_conforms(self.spec, schema_path, status, data)
        return data
