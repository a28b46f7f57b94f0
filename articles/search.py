"""Reader search at ``/search/?q=``.

On PostgreSQL each article carries a weighted ``search_vector`` (title A, key
points and lead B, sections C) kept fresh by ``update_search_vector``, which
``editorial.revisions.record_revision`` calls after every content save (and
``manage.py rebuild_search`` for existing rows). Queries use the
``websearch`` syntax (``"exact phrase"``, ``or``, ``-word``), are ranked, and
get a highlighted snippet from the key points, lead and sections. Indonesian
stemming is used when the server has the ``indonesian`` configuration, else
``simple``.

On other databases (SQLite on a laptop) a plain fallback requires every word
of the query to appear in the title, lead, key points or a section.

Snippets never render stored HTML: the text is reduced to plain text,
escaped, and only then gets ``<mark>`` around the matches.
"""

import re

from django.conf import settings
from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.core.paginator import InvalidPage, Paginator
from django.db import connection
from django.db.models import (
    Exists,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Coalesce, Concat, Replace
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import Article, Section
from .sanitize import html_to_text

MAX_QUERY_LENGTH = 200
# Only the newest matches are ranked and counted: a common word matches much
# of the archive, and ranking or counting all of it would read every match.
SEARCH_CANDIDATES = 1000
# The SQLite fallback looks for at most this many words of at least this length.
FALLBACK_MAX_WORDS = 8
FALLBACK_MIN_WORD_LENGTH = 2
# ts_headline marks matches with these control characters; they are turned
# into <mark> only after the text around them has been escaped.
START_SEL, STOP_SEL = "\x02", "\x03"
# C0 controls and DEL: PostgreSQL refuses NUL, and the markers must not come
# from the reader.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
_WORD = re.compile(r"\w+")

_configs: dict[str, str] = {}


def search_config() -> str:
    """The text search configuration: "indonesian" when the server has it.

    Asked of PostgreSQL's ``pg_ts_config`` once per database alias and process;
    "simple" (no stemming) otherwise and on other databases.
    """
    alias = connection.alias
    if alias not in _configs:
        config = "simple"
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT 1 FROM pg_catalog.pg_ts_config WHERE cfgname = %s",
                    ["indonesian"],
                )
                if cursor.fetchone() is not None:
                    config = "indonesian"
        _configs[alias] = config
    return _configs[alias]


def uses_full_text_search() -> bool:
    """Whether the database is PostgreSQL, so the full-text search applies."""
    return connection.vendor == "postgresql"


def section_text(sections) -> str:
    """Plain text of section headings and bodies, in the order given."""
    return html_to_text(
        " ".join(f"<p>{escape(s.heading)}</p>{s.body}" for s in sections)
    )


# Characters of each weighted part that go into the search vector; about
# 20,000 words, far more than a news story, far less than tsvector's 1 MB.
MAX_INDEXED_CHARACTERS = 150_000


def update_search_vector(article: Article) -> None:
    """Recompute ``article``'s weighted search vector in one UPDATE.

    Title weighs A, key points and lead B, section headings and bodies C.
    Reads ``article.sections.all()`` (prefetched sections are used as they
    are), so pass an article as it was saved. Does nothing outside PostgreSQL.
    """
    if not uses_full_text_search():
        return
    config = search_config()
    parts = [
        (article.title, "A"),
        (" ".join(str(point) for point in _as_list(article.key_points)), "B"),
        (html_to_text(article.lead), "B"),
        (section_text(article.sections.all()), "C"),
    ]
    # A tsvector holds at most 1 MB: index the beginning of a very long text
    # rather than let any content make a save fail.
    parts = [(text[:MAX_INDEXED_CHARACTERS], weight) for text, weight in parts]
    vectors = [
        SearchVector(
            Value(text, output_field=TextField()), weight=weight, config=config
        )
        for text, weight in parts
    ]
    combined = vectors[0]
    for vector in vectors[1:]:
        combined = combined + vector
    Article.objects.filter(pk=article.pk).update(search_vector=combined)


def _as_list(value) -> list:
    return value if isinstance(value, list) else []


def clean_query(raw: str) -> str:
    """The reader's query without control characters and outer whitespace."""
    return _CONTROL_CHARACTERS.sub(" ", raw or "").strip()


def is_searchable(query: str) -> bool:
    """Whether ``query`` holds at least one letter or digit (else it is "empty")."""
    return _WORD.search(query) is not None


def query_words(query: str) -> list[str]:
    """The distinct words of ``query`` the fallback looks for, in order."""
    words: list[str] = []
    for word in _WORD.findall(query.casefold()):
        if len(word) >= FALLBACK_MIN_WORD_LENGTH and word not in words:
            words.append(word)
    return words[:FALLBACK_MAX_WORDS]


def newest_matches(query: str) -> QuerySet:
    """Ids of the ``SEARCH_CANDIDATES`` newest published articles matching ``query``.

    PostgreSQL: websearch syntax against ``search_vector`` (through the GIN
    index for a rare word, the date index for a common one). Elsewhere: every
    word (see ``query_words``) in the title, lead, key points or a section.
    """
    articles = Article.objects.published().order_by("-published_at", "-pk")
    if uses_full_text_search():
        articles = articles.filter(search_vector=_search_query(query))
    else:
        articles = _fallback_filter(articles, query)
    return articles.values_list("pk", flat=True)[:SEARCH_CANDIDATES]


def _search_query(query: str) -> SearchQuery:
    return SearchQuery(query, config=search_config(), search_type="websearch")


def search_articles(query: str, ids: list[int] | None = None) -> QuerySet[Article]:
    """The ``newest_matches`` for ``query``, best first, ready for cards.

    ``ids`` are those matches when the caller has them already. They are
    fetched first and passed as a list, so the page query reads at most
    ``SEARCH_CANDIDATES`` articles by primary key.

    PostgreSQL: ordered by rank then date, annotated with ``rank`` and
    ``headline`` (key points, lead and sections with matches between
    ``START_SEL`` and ``STOP_SEL``; turn it into HTML with ``snippet_html``).
    Elsewhere: newest first, and ``headline`` is None.
    """
    if ids is None:
        ids = list(newest_matches(query))
    articles = Article.objects.for_listing().filter(pk__in=ids)
    if not uses_full_text_search():
        return articles.annotate(headline=Value(None, output_field=TextField()))
    config = search_config()
    search_query = _search_query(query)
    return articles.annotate(
        rank=SearchRank(F("search_vector"), search_query),
        headline=SearchHeadline(
            Concat(
                Value("<p>"),
                _escaped(KeyPointsText("key_points")),
                Value("</p>"),
                "lead",
                Value(" "),
                Coalesce(
                    Subquery(_sections_html()), Value(""), output_field=TextField()
                ),
                output_field=TextField(),
            ),
            search_query,
            config=config,
            start_sel=START_SEL,
            stop_sel=STOP_SEL,
            max_words=35,
            min_words=15,
            highlight_all=False,
        ),
    ).order_by("-rank", "-published_at", "-pk")


class KeyPointsText(Func):
    """PostgreSQL: the key points (a JSON list) as one plain text, "" if no list."""

    template = (
        "(CASE WHEN jsonb_typeof(%(expressions)s) = 'array' THEN array_to_string("
        "ARRAY(SELECT jsonb_array_elements_text(%(expressions)s)), ' ') ELSE '' END)"
    )
    output_field = TextField()


def _escaped(expression):
    """``expression`` (plain text) with ``&``, ``<`` and ``>`` as HTML entities."""
    if isinstance(expression, str):
        expression = F(expression)
    for character, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        expression = Replace(
            expression, Value(character), Value(entity), output_field=TextField()
        )
    return expression


def _sections_html():
    """A subquery: the article's sections as one HTML text, headings escaped."""
    heading = _escaped("heading")
    return (
        Section.objects.filter(article=OuterRef("pk"))
        .values("article")
        .annotate(
            text=StringAgg(
                Concat(
                    Value("<p>"),
                    heading,
                    Value("</p>"),
                    "body",
                    output_field=TextField(),
                ),
                delimiter=" ",
                order_by=("position", "pk"),
            )
        )
        .values("text")
    )


def _fallback_filter(articles: QuerySet[Article], query: str) -> QuerySet[Article]:
    words = query_words(query)
    if not words:
        return articles.none()
    for word in words:
        in_sections = Section.objects.filter(article=OuterRef("pk")).filter(
            Q(heading__icontains=word) | Q(body__icontains=word)
        )
        articles = articles.filter(
            Q(title__icontains=word)
            | Q(lead__icontains=word)
            | Q(key_points__icontains=word)
            | Exists(in_sections)
        )
    return articles


def highlight_words(text: str, words: list[str]) -> SafeString:
    """``text`` escaped, with each occurrence of ``words`` in ``<mark>``."""
    if not words:
        return escape(text)
    pattern = re.compile(
        "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)),
        re.IGNORECASE,
    )
    parts, position = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[position : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # every piece is escaped


def marked_headline(headline: str) -> SafeString:
    """A ts_headline result as HTML: plain text, escaped, matches in ``<mark>``.

    The markers are balanced, so a stray marker character can never leave a
    ``<mark>`` open.
    """
    text = html_to_text(headline)
    parts, open_mark = [], False
    for piece in re.split(f"([{START_SEL}{STOP_SEL}])", text):
        if piece == START_SEL:
            if not open_mark:
                parts.append("<mark>")
                open_mark = True
        elif piece == STOP_SEL:
            if open_mark:
                parts.append("</mark>")
                open_mark = False
        else:
            parts.append(escape(piece))
    if open_mark:
        parts.append("</mark>")
    return mark_safe("".join(parts))  # every piece is escaped


def snippet_html(article: Article, query: str) -> SafeString:
    """The result snippet for ``article``: the headline when it marks a match,
    else the meta description with the query's words marked."""
    headline = getattr(article, "headline", None)
    if headline and START_SEL in headline:
        return marked_headline(headline)
    return highlight_words(article.meta_description(), query_words(query))


class CountedPaginator(Paginator):
    """A paginator told its count rather than counting."""

    def __init__(self, object_list, per_page, count: int):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached property


def search_view(request: HttpRequest) -> HttpResponse:
    """The search page: a prompt, a polite refusal, or a page of results.

    An empty query (or one without letters or digits) shows the form (200);
    one longer than ``MAX_QUERY_LENGTH`` is refused without searching (400);
    otherwise 20 results a page, and a page out of range is a 404.
    """
    query = clean_query(request.GET.get("q", ""))
    context = {"query": query, "max_length": MAX_QUERY_LENGTH}
    if len(query) > MAX_QUERY_LENGTH:
        context.update(query=query[:MAX_QUERY_LENGTH], too_long=True)
        return render(request, "articles/search.html", context, status=400)
    if not is_searchable(query):
        return render(request, "articles/search.html", context)
    ids = list(newest_matches(query))
    paginator = CountedPaginator(
        search_articles(query, ids), settings.ARTICLES_PER_PAGE, len(ids)
    )
    # Only the newest SEARCH_CANDIDATES matches are counted: "more than" then.
    context["more_results"] = paginator.count >= SEARCH_CANDIDATES
    page_number = request.GET.get("page") or 1
    if page_number == "last":
        page_number = paginator.num_pages
    try:
        page_obj = paginator.page(page_number)
    except InvalidPage:
        raise Http404 from None
    articles = list(page_obj.object_list)
    for article in articles:
        article.search_snippet = snippet_html(article, query)
    context.update(
        searched=True,
        articles=articles,
        page_obj=page_obj,
        paginator=paginator,
        is_paginated=page_obj.has_other_pages(),
    )
    return render(request, "articles/search.html", context)
