"""``manage.py suggest_key_points``: prints suggestions and changes nothing."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Section
from tests.builders import make_article

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]

LEAD = (
    "<p>Puluhan warga membersihkan sampah di sungai kampung pada Minggu pagi. "
    "Mereka mengumpulkan dua truk sampah plastik dari tepi sungai.</p>"
)
BODY = (
    "<p>Kegiatan itu digelar karena sungai sering meluap saat hujan deras. "
    "Pengurus kampung berencana mengadakannya setiap bulan.</p>"
)


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("suggest_key_points", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def article():
    """A published article with a two-sentence lead and one section."""
    article = make_article(title="Warga membersihkan sungai", lead=LEAD)
    Section.objects.create(article=article, position=1, heading="Rutin", body=BODY)
    return article


def test_prints_points_one_per_line_and_changes_nothing(article):
    """The points go to stdout, one per line, and the article row stays as it was."""
    before = Article.objects.filter(pk=article.pk).values().get()
    out, err = run(str(article.pk))
    lines = out.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("Puluhan warga membersihkan sampah")
    assert "extractive (textrank-1)" in err
    assert Article.objects.filter(pk=article.pk).values().get() == before


def test_count_option_asks_for_fewer_points(article):
    """``--count 2`` prints two points."""
    out, _ = run(str(article.pk), "--count", "2")
    assert len(out.splitlines()) == 2


def test_llm_backend_without_configuration_falls_back(article, settings):
    """``--backend llm`` with no AI service configured still prints the extractive points and says why."""
    settings.SUMMARY_LLM_URL = ""
    out, err = run(str(article.pk), "--backend", "llm")
    assert len(out.splitlines()) == 3
    assert "The AI service is not configured." in err


def test_unknown_article_is_a_command_error():
    """An id that matches no article is a clear error."""
    with pytest.raises(CommandError, match="no article with id 999999"):
        run("999999")


def test_switched_off_is_a_command_error(article, settings):
    """SUMMARY_BACKEND=off is a clear error."""
    settings.SUMMARY_BACKEND = "off"
    with pytest.raises(CommandError, match="switched off"):
        run(str(article.pk))


def test_too_little_text_is_a_command_error():
    """An article with one sentence is a clear error."""
    article = make_article(lead="<p>Warga membersihkan sungai pada Minggu pagi.</p>")
    with pytest.raises(CommandError, match="too short"):
        run(str(article.pk))
