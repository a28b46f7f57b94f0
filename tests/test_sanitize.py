"""The rich-text allow-list (``clean_html``) and every path that writes rich text."""

import pytest

from articles.models import Article, Section
from articles.sanitize import clean_html
from tests.builders import make_article, make_category, make_user

# The examples below use this host for outside images; by default there is none.
IMAGE_HOST = "cdn.example.com"


@pytest.fixture(autouse=True)
def _allowed_image_host(settings):
    settings.RICH_TEXT_IMAGE_HOSTS = [IMAGE_HOST]


DIRTY_LEAD = "<p onclick=x>hi</p><script>bad()</script>"
CLEAN_LEAD = "<p>hi</p>"


# --- What is removed ---------------------------------------------------------


def test_script_tags_are_removed_with_their_content():
    """A <script> element disappears together with the code inside it."""
    assert clean_html("<p>a<script>alert(1)</script>b</p>") == "<p>ab</p>"


def test_style_tags_are_removed_with_their_content():
    """A <style> element disappears together with the CSS inside it."""
    assert clean_html("<style>p { color: red }</style><p>x</p>") == "<p>x</p>"


@pytest.mark.parametrize(
    "html, expected",
    [
        ('<p onclick="steal()">hi</p>', "<p>hi</p>"),
        (
            '<img src="https://cdn.example.com/a.jpg" onerror="steal()">',
            '<img src="https://cdn.example.com/a.jpg">',
        ),
        (
            '<a href="/x" onmouseover="steal()">x</a>',
            '<a href="/x" rel="noopener noreferrer">x</a>',
        ),
    ],
)
def test_event_handler_attributes_are_removed(html, expected):
    """``on*`` attributes (onclick, onerror, ...) never survive."""
    assert clean_html(html) == expected


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "  javascript:alert(1)",
        "jav&#x09;ascript:alert(1)",
        "jav&#x0A;ascript:alert(1)",
        "&#106;avascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    ],
)
def test_script_urls_are_dropped_from_links(href):
    """A ``javascript:`` link, however cased or encoded, loses its href."""
    cleaned = clean_html(f'<a href="{href}">click</a>')
    assert "href" not in cleaned
    assert "script" not in cleaned.lower()
    assert "click" in cleaned


def test_style_attribute_is_stripped():
    """Inline ``style`` is removed while the element stays."""
    assert clean_html('<p style="color:red">x</p>') == "<p>x</p>"


@pytest.mark.parametrize(
    "html",
    [
        '<iframe src="https://evil.example.com"></iframe>',
        '<object data="movie.swf"></object>',
        '<embed src="movie.swf">',
        '<form action="/steal"><input name="password"></form>',
        '<input type="text" value="x">',
    ],
)
def test_embedding_and_form_elements_are_removed(html):
    """iframe, object, embed, form and input elements are removed."""
    cleaned = clean_html(html + "<p>ok</p>")
    assert cleaned == "<p>ok</p>"


@pytest.mark.parametrize(
    "html",
    [
        "<p>a<!-- internal note -->b</p>",
        "<p>a<![CDATA[ internal note ]]>b</p>",
        "<p>ab</p><!--[if IE]><script>x()</script><![endif]-->",
    ],
)
def test_comments_and_cdata_are_removed(html):
    """HTML comments and CDATA sections leave no trace."""
    cleaned = clean_html(html)
    assert cleaned == "<p>ab</p>"


def test_data_attributes_are_removed():
    """CKEditor's ``data-cke-saved-href`` and any other ``data-*`` attribute go."""
    cleaned = clean_html(
        '<a href="/x" data-cke-saved-href="javascript:x()" data-foo="1">x</a>'
        '<p data-widget="y">p</p>'
    )
    assert "data-" not in cleaned
    assert cleaned == '<a href="/x" rel="noopener noreferrer">x</a><p>p</p>'


@pytest.mark.parametrize(
    "src, kept",
    [
        ("https://cdn.example.com/photo.jpg", True),
        ("/media/images/2024/01/abc.jpg", True),
        ("http://cdn.example.com/photo.jpg", False),
        ("data:image/png;base64,iVBORw0KGgo=", False),
        ("javascript:alert(1)", False),
        ("//cdn.example.com/photo.jpg", False),
        ("images/photo.jpg", False),
        ("https://tracker.example.net/pixel.gif", False),
    ],
)
def test_img_src_is_kept_only_from_allowed_https_hosts_or_our_media(src, kept):
    """An image source survives only from /media/ or an allowed host over https."""
    cleaned = clean_html(f'<img src="{src}" alt="photo">')
    if kept:
        assert cleaned == f'<img src="{src}" alt="photo">'
    else:
        assert cleaned == '<img alt="photo">'


# --- What survives -----------------------------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        "<p>Paragraph with <strong>bold</strong> and <em>italic</em>.</p>",
        "<h2>Two</h2><h3>Three</h3><h4>Four</h4>",
        "<ul><li>one</li><li>two</li></ul><ol><li>first</li></ol>",
        "<blockquote><p>Quoted words.</p></blockquote>",
        '<figure><img src="https://cdn.example.com/a.jpg" alt="A field" width="640"'
        ' height="480"><figcaption>A field.</figcaption></figure>',
        '<img src="/media/images/a.jpg" alt="Ours">',
        "<table><tbody><tr><th>Year</th><td>2024</td></tr></tbody></table>",
        '<p><a href="/politik/">Politics</a></p>',
    ],
)
def test_allowed_markup_survives(html):
    """News-prose markup passes through untouched (links only gain ``rel``)."""
    expected = html.replace('">Politics', '" rel="noopener noreferrer">Politics')
    assert clean_html(html) == expected


def test_table_rows_keep_their_cells():
    """A bare table row is kept (the parser only adds the implied <tbody>)."""
    assert clean_html("<table><tr><td>1</td><td>2</td></tr></table>") == (
        "<table><tbody><tr><td>1</td><td>2</td></tr></tbody></table>"
    )


# --- Links -------------------------------------------------------------------


@pytest.mark.parametrize(
    "href",
    [
        "/politik/some-story/",
        "some-story/",
        "#section-2",
        "https://news.example.org/politik/some-story/",
        "http://news.example.org/politik/",
        "https://NEWS.example.org/politik/",
        "mailto:desk@news.example.org",
    ],
)
def test_internal_links_get_noopener_but_not_nofollow(href):
    """Relative and same-host links get ``rel="noopener noreferrer"`` only."""
    assert clean_html(f'<a href="{href}">x</a>') == (
        f'<a href="{href}" rel="noopener noreferrer">x</a>'
    )


@pytest.mark.parametrize(
    "href",
    [
        "https://other.example.com/x",
        "http://other.example.com/x",
        "https://news.example.org.evil.example.com/x",
        "https://evil.example.com/?a=1&amp;b=2",
        # Protocol-relative and backslash forms: browsers resolve both to another host.
        "//evil.example.com/x",
        "https:\\\\evil.example.com/x",
    ],
)
def test_external_links_also_get_nofollow(href):
    """A link to another host than SITE_URL also gets ``nofollow``."""
    assert clean_html(f'<a href="{href}">x</a>') == (
        f'<a href="{href}" rel="noopener noreferrer nofollow">x</a>'
    )


@pytest.mark.parametrize(
    "href, expected_rel",
    [
        ("/local/", "noopener noreferrer"),
        ("https://other.example.com/", "noopener noreferrer nofollow"),
    ],
)
def test_rel_typed_by_the_author_is_replaced(href, expected_rel):
    """Whatever ``rel`` the author wrote (e.g. dofollow, opener) is replaced by ours."""
    cleaned = clean_html(f'<a href="{href}" rel="opener dofollow author">x</a>')
    assert cleaned == f'<a href="{href}" rel="{expected_rel}">x</a>'


def test_target_attribute_is_dropped_from_links():
    """``target`` is not on the allow-list, so links open where the reader chooses."""
    cleaned = clean_html('<a href="/x" target="_blank">x</a>')
    assert cleaned == '<a href="/x" rel="noopener noreferrer">x</a>'


def test_nofollow_follows_the_configured_site_url(settings):
    """Same-host is judged against SITE_URL, so on another site ours is external."""
    settings.SITE_URL = "https://other.example.com"
    assert clean_html('<a href="https://news.example.org/x">x</a>') == (
        '<a href="https://news.example.org/x" rel="noopener noreferrer nofollow">x</a>'
    )


# --- Idempotence and empties -------------------------------------------------

IDEMPOTENCE_INPUTS = [
    "<p>Plain paragraph.</p>",
    DIRTY_LEAD,
    '<a href="https://other.example.com/x" rel="nofollow ugc">ext</a>',
    '<a href="/x" rel="author">int</a>',
    '<a title="a>b" href="https://evil.example.com">tricky title</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "<p>a<!-- c -->b<![CDATA[ d ]]></p>",
    "<scr<script>ipt>alert(1)</script>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</p>",
    '<img src="data:image/png;base64,AAAA" alt="x"><img src="/media/a.jpg">',
    "<table><tr><td>unclosed",
    "  text without tags & ampersand  ",
]


@pytest.mark.parametrize("html", IDEMPOTENCE_INPUTS)
def test_cleaning_twice_equals_cleaning_once(html):
    """``clean_html`` is idempotent, so re-saving an article never changes its HTML."""
    once = clean_html(html)
    assert clean_html(once) == once


@pytest.mark.parametrize("value", ["", None, "   ", "<script>x()</script>"])
def test_empty_input_gives_empty_string(value):
    """Empty, None, blank or fully-removed input gives ``""``."""
    assert clean_html(value) == ""


# --- Write paths -------------------------------------------------------------


@pytest.mark.django_db
def test_create_stores_clean_lead():
    """``objects.create`` stores the sanitised lead in the row."""
    article = Article.objects.create(title="Dirty", author=make_user(), lead=DIRTY_LEAD)
    article.refresh_from_db()
    assert article.lead == CLEAN_LEAD


@pytest.mark.django_db
def test_save_cleans_the_instance_in_memory():
    """After ``save`` the in-memory value equals what was stored."""
    article = Article(title="Dirty", author=make_user(), lead=DIRTY_LEAD)
    article.save()
    assert article.lead == CLEAN_LEAD


@pytest.mark.django_db
def test_save_of_an_existing_article_cleans_the_new_lead():
    """Editing the lead of an existing article stores clean HTML too."""
    article = make_article()
    article.lead = DIRTY_LEAD
    article.save(update_fields=["lead"])
    article.refresh_from_db()
    assert article.lead == CLEAN_LEAD


@pytest.mark.django_db
def test_queryset_update_stores_clean_lead():
    """``QuerySet.update`` (which skips ``save``) still stores clean HTML."""
    article = make_article()
    Article.objects.filter(pk=article.pk).update(lead=DIRTY_LEAD)
    article.refresh_from_db()
    assert article.lead == CLEAN_LEAD


@pytest.mark.django_db
def test_bulk_create_stores_clean_lead():
    """``bulk_create`` stores clean HTML for every row."""
    author = make_user()
    Article.objects.bulk_create(
        [
            Article(title="One", slug="one", author=author, lead=DIRTY_LEAD),
            Article(title="Two", slug="two", author=author, lead=DIRTY_LEAD),
        ]
    )
    leads = set(Article.objects.values_list("lead", flat=True))
    assert leads == {CLEAN_LEAD}


@pytest.mark.django_db
def test_bulk_update_stores_clean_lead():
    """``bulk_update`` stores clean HTML too."""
    article = make_article()
    article.lead = DIRTY_LEAD
    Article.objects.bulk_update([article], ["lead"])
    article.refresh_from_db()
    assert article.lead == CLEAN_LEAD


@pytest.mark.django_db
def test_section_body_is_cleaned_on_create_and_update():
    """Section bodies are sanitised on create and on ``QuerySet.update``."""
    article = make_article(category=make_category())
    section = Section.objects.create(
        article=article, position=1, heading="H", body=DIRTY_LEAD
    )
    assert section.body == CLEAN_LEAD
    section.refresh_from_db()
    assert section.body == CLEAN_LEAD

    Section.objects.filter(pk=section.pk).update(body='<p style="x">b</p><style>')
    section.refresh_from_db()
    assert section.body == "<p>b</p>"


@pytest.mark.django_db
def test_section_bulk_create_stores_clean_body():
    """``Section.objects.bulk_create`` stores clean HTML."""
    article = make_article()
    Section.objects.bulk_create(
        [Section(article=article, position=1, heading="H", body=DIRTY_LEAD)]
    )
    assert article.sections.get().body == CLEAN_LEAD


@pytest.mark.parametrize(
    "src",
    [
        "/media/../write/logout/",
        "/media/%2e%2e/write/logout/",
        "/media/images/../../admin/",
        "/media\\..\\write/logout/",
        "/mediaevil/x.jpg",
    ],
)
def test_img_src_cannot_climb_out_of_the_media_folder(src):
    """A path that resolves outside MEDIA_URL is dropped, however it is spelled."""
    assert clean_html(f'<img src="{src}" alt="x">') == '<img alt="x">'


def test_img_src_inside_media_is_stored_normalised():
    """Dots and double slashes inside /media/ are resolved before storing."""
    cleaned = clean_html('<img src="/media/images/./2024//a.jpg" alt="x">')
    assert cleaned == '<img src="/media/images/2024/a.jpg" alt="x">'
    assert clean_html(cleaned) == cleaned


def test_no_outside_image_host_is_allowed_by_default(settings):
    """Without RICH_TEXT_IMAGE_HOSTS an https image from elsewhere is dropped."""
    settings.RICH_TEXT_IMAGE_HOSTS = []
    cleaned = clean_html('<img src="https://cdn.example.com/a.jpg" alt="x">')
    assert cleaned == '<img alt="x">'
