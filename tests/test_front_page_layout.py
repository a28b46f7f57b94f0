"""The front page's card grids, the favicon and the search field's hint."""

import re

import pytest

from articles.templatetags.newsroom import balanced
from tests.builders import make_article, make_category

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "count, spans",
    [
        (1, [12]),
        (2, [6, 6]),
        (3, [4, 4, 4]),
        (4, [3, 3, 3, 3]),
        (5, [4, 4, 4, 6, 6]),
        (6, [3, 3, 3, 3, 6, 6]),
        (19, [3] * 16 + [4, 4, 4]),
    ],
)
def test_cards_fill_every_row_of_a_wide_grid(count, spans):
    """Spans of the 12-column grid add up to whole rows: no orphan card, no gap."""
    assert [span for _item, span in balanced(range(count))] == spans
    assert sum(spans) % 12 == 0


def test_front_page_with_six_stories_has_no_orphan_card(client):
    """Lead story plus five: a row of three and a row of two, not four and one."""
    category = make_category("Metro")
    for _ in range(6):
        make_article(category=category)
    html = client.get("/").content.decode()
    latest = html[html.index("card-grid--balanced") : html.index("category-block")]
    assert re.findall(r"card--span-(\d+)", latest) == ["4", "4", "4", "6", "6"]


def test_a_category_block_with_one_story_spans_the_row(client):
    """A lone story in a category block takes the whole row, beside its picture."""
    make_article(category=make_category("Olahraga"))
    make_article(category=make_category("Metro"))
    html = client.get("/").content.decode()
    blocks = html[html.index('class="category-block"') :]
    assert "card--span-12" in blocks


def test_pages_link_a_favicon_and_favicon_ico_exists(client):
    """Every page names its icon; /favicon.ico answers too (no 404 in the logs)."""
    html = client.get("/").content.decode()
    assert 'rel="icon" href="/static/img/favicon.svg"' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.ico"


def test_search_field_says_what_to_type(client):
    """The header's search field has a placeholder in the page's language."""
    html = client.get("/").content.decode()
    assert 'placeholder="Cari berita"' in html
    html = client.get("/en/").content.decode()
    assert 'placeholder="Search news"' in html
