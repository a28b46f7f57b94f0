"""How the OpenAPI schema (drf-spectacular) describes what the views cannot say."""

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiResponse

from .keys import HEADER
from .serializers import ErrorSerializer

# The schema's title and the text its docs open with (SPECTACULAR_SETTINGS
# keeps the rest).
SCHEMA_TEXT = {
    "TITLE": f"{settings.SITE_NAME} API",
    "DESCRIPTION": (
        "Published articles, categories, tags and authors as JSON, read-only.\n\n"
        "- **Lists** are newest first (articles) and paged by cursor: follow "
        "`next` until it is null; `page_size` is 1 to 100 (default 20).\n"
        '- **Errors** are `{"detail": ...}`; a bad parameter is a 400 whose '
        "`errors` names it. Unpublished articles answer 404 like unknown ones.\n"
        "- **Caching**: `ETag` and `Last-Modified`; send `If-None-Match` or "
        "`If-Modified-Since` to get 304.\n"
        "- **Rate limits**: anonymous clients get a limit per address (60 a "
        "minute by default); partners send their key in `X-API-Key` for their "
        "own, higher limit. Over it: 429 with `Retry-After`."
    ),
}


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
