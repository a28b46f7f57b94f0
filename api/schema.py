"""How the OpenAPI schema (drf-spectacular) describes what the views cannot say."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiResponse

from .keys import HEADER
from .serializers import ErrorSerializer


class ApiKeyScheme(OpenApiAuthenticationExtension):
    """The optional partner key, sent in the ``X-API-Key`` header."""

    target_class = "api.keys.ApiKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": HEADER,
            "description": "Optional: a partner's key raises the rate limit.",
        }


def error(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


def responses(ok, *, detail: bool = False) -> dict:
    """Every answer an endpoint can give: ``ok`` for 200, then the errors."""
    answers = {
        200: ok,
        304: OpenApiResponse(description="Not modified (conditional request)."),
        400: error("A query parameter is invalid; `errors` names it."),
        401: error("The API key is unknown or switched off."),
        429: error("Too many requests; retry after `Retry-After` seconds."),
    }
    if detail:
        answers[404] = error("No published article has this id or slug.")
    return answers
