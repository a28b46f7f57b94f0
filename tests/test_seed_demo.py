"""``manage.py seed_demo``: a complete, idempotent demo site."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from articles.models import Article, Category, Image, Section

pytestmark = pytest.mark.django_db

FLAGSHIP = "lima-langkah-memeriksa-kabar-viral"


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (get_user_model(), Group, Category, Article, Section, Image)
    }


def test_seed_demo_is_idempotent(tmp_path):
    """A second run creates nothing and keeps every password."""
    call_command("seed_demo", stdout=open(tmp_path / "out1", "w"))
    first = counts()
    passwords = dict(get_user_model().objects.values_list("username", "password"))
    call_command("seed_demo", stdout=open(tmp_path / "out2", "w"))
    assert counts() == first
    assert (
        dict(get_user_model().objects.values_list("username", "password")) == passwords
    )


def test_seed_demo_creates_roles_people_and_content(capsys):
    """Groups, an editor, two writers, 3 categories and at least 6 articles in several states."""
    call_command("seed_demo")
    out = capsys.readouterr().out
    users = get_user_model().objects
    assert users.get(username="editor").is_staff
    assert users.get(username="editor").check_password("editor-demo-2026")
    for writer in ("sari", "bayu"):
        user = users.get(username=writer)
        assert not user.is_staff
        assert user.groups.filter(name="Community writers").exists()
        assert user.check_password("writer-demo-2026")
    assert "editor-demo-2026" in out and "writer-demo-2026" in out
    assert Category.objects.count() == 3
    assert Article.objects.count() >= 6
    states = set(Article.objects.values_list("status", flat=True))
    assert {"published", "draft", "submitted"} <= states
    assert Article.objects.published().count() >= 4


def test_flagship_article_uses_the_whole_anatomy(client):
    """The flagship demo story has AI key points, a credited hero, 3 sections, 4 tags."""
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    article = Article.objects.get(slug=FLAGSHIP)
    assert len(article.key_points) == 3 and article.summary_is_ai
    assert article.hero_image.credit and article.hero_image.source
    assert article.sections.count() == 3
    assert article.sections.exclude(image=None).count() == 1
    assert article.tags.count() == 4
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Intinya sih..." in html
    assert "unsplash.com/Dimas Pratama</a>)" in html
    assert '<span class="section-number">3.</span>' in html
