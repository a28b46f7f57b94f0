"""Background work on articles: the search index.

(Image renditions are made by ``articles.renditions.make_image_renditions``.)
"""

from django_tasks import task

from newsroom.background import retrying

from .models import Article
from .search import update_search_vector


@task()
def refresh_search_vector(article_id: int, attempt: int = 1, request_id=None) -> None:
    """Rebuild the search vector of one article from its current text."""
    with retrying(
        refresh_search_vector, article_id, attempt=attempt, request_id=request_id
    ):
        article = Article.objects.filter(pk=article_id).first()
        if article is not None:  # deleted since: nothing to index
            update_search_vector(article)
