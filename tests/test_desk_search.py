"""The desk's search box: title, writer's names and tags, every word, by index."""

import pytest
from django.urls import reverse

from articles.models import Article
from tests.builders import make_article, make_user

pytestmark = pytest.mark.django_db


def titles(editor_client, query: str) -> list[str]:
    url = reverse("admin:articles_article_changelist")
    response = editor_client.get(url, {"q": query})
    assert response.status_code == 200
    return sorted(article.title for article in response.context["cl"].result_list)


@pytest.fixture
def archive():
    sari = make_user("sari", first_name="Sari", last_name="Wulandari")
    budi = make_user("budi", first_name="Budi", last_name="Santoso")
    make_article(title="Pasar terapung dibuka lagi", author=sari, tags=["Ekonomi"])
    make_article(title="Banjir di Kalimantan", author=budi, tags=["Pasar", "Cuaca"])
    make_article(title="Harga cabai naik", author=budi, tags=["Pasar", "Pasar ikan"])
    make_article(title="Sekolah baru", author=sari, tags=["Pendidikan"])


def test_a_word_is_found_in_titles_and_tags_in_any_case(editor_client, archive):
    """ "PASAR" finds the title that has it and the articles tagged with it, once each."""
    assert titles(editor_client, "PASAR") == [
        "Banjir di Kalimantan",
        "Harga cabai naik",
        "Pasar terapung dibuka lagi",
    ]


def test_writers_are_found_by_username_and_names(editor_client, archive):
    """A writer's username, first or last name finds their articles."""
    expected = ["Banjir di Kalimantan", "Harga cabai naik"]
    assert titles(editor_client, "budi") == expected
    assert titles(editor_client, "santoso") == expected
    assert titles(editor_client, "wulan") == [
        "Pasar terapung dibuka lagi",
        "Sekolah baru",
    ]


def test_every_word_must_match_some_field(editor_client, archive):
    """Two words narrow the search: each must be in the title, the writer or a tag."""
    assert titles(editor_client, "pasar sari") == ["Pasar terapung dibuka lagi"]
    assert titles(editor_client, "pasar cabai") == ["Harga cabai naik"]
    assert titles(editor_client, "sekolah budi") == []


def test_the_search_reads_no_duplicate_rows(archive):
    """An article matched by two of its tags and its title comes back once, without DISTINCT."""
    found = Article.objects.desk_search("pasar")
    assert "DISTINCT" not in str(found.query)
    assert found.count() == 3


def test_blank_search_lists_everything(editor_client, archive):
    """Only spaces in the box: the whole list, no error."""
    assert len(titles(editor_client, "   ")) == 4
