"""Tag suggestions for the draft editor's tag input: ``/write/tags/?q=pas``.

Names that start with what was typed, case-insensitively, at most ten: tags
of published articles (they have public pages anyway) and the writer's own.
A tag used only by somebody else's drafts stays private.
"""

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.http import JsonResponse
from taggit.models import Tag

from articles.models import Article, ArticleTag

from .views import writer_portal

MAX_SUGGESTIONS = 10
MAX_QUERY_LENGTH = 100


def suggestions(user, typed: str) -> list[str]:
    """Up to ``MAX_SUGGESTIONS`` tag names starting with ``typed``, by name."""
    typed = " ".join(typed.split())[:MAX_QUERY_LENGTH]
    if not typed:
        return []
    visible = ArticleTag.objects.filter(tag=OuterRef("pk")).filter(
        Q(content_object__in=Article.objects.published())
        | Q(content_object__author=user)
    )
    names = (
        Tag.objects.filter(name__istartswith=typed)
        .filter(Exists(visible))
        .order_by(Lower("name"), "pk")
        .values_list("name", flat=True)[:MAX_SUGGESTIONS]
    )
    return list(names)


@writer_portal
def tag_suggestions(request):
    response = JsonResponse(
        {"tags": suggestions(request.user, request.GET.get("q", ""))}
    )
    response["Cache-Control"] = "private, no-store"
    return response
