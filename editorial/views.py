"""Editorial views outside the admin: the preview of an unpublished article."""

from django.contrib.auth.decorators import login_required

from articles.views import render_article_page

from .permissions import get_previewable_article_or_404


@login_required
def preview(request, pk):
    """The real article page for staff and the owning writer, marked as preview."""
    article = get_previewable_article_or_404(request.user, pk)
    response = render_article_page(request, article, preview=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response
