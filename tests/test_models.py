"""What an article is: names, slugs, derived text, images, URLs and key points."""

import pytest
from django.core.exceptions import ValidationError
from taggit.models import TaggedItem

from articles.forms import KeyPointsField
from articles.models import Article, ArticleTag, Category, Image, Section
from tests.builders import make_article, make_category, make_image, make_user

pytestmark = pytest.mark.django_db

Status = Article.Status


# --- __str__ -----------------------------------------------------------------


def test_category_str_is_its_name():
    """A category prints as its name."""
    assert str(make_category("Ekonomi")) == "Ekonomi"


def test_article_str_is_its_title():
    """An article prints as its title."""
    assert str(make_article(title="Harga Cabai Naik")) == "Harga Cabai Naik"


def test_section_str_is_its_heading():
    """A section prints as its heading."""
    section = Section.objects.create(article=make_article(), heading="Latar belakang")
    assert str(section) == "Latar belakang"


@pytest.mark.parametrize(
    "caption, alt_text, expected",
    [
        ("A flag", "A red square", "A flag"),
        ("", "A red square", "A red square"),
    ],
)
def test_image_str_prefers_caption_then_alt_text(caption, alt_text, expected):
    """An image prints as its caption, or its alt text when there is no caption."""
    assert str(make_image(caption=caption, alt_text=alt_text)) == expected


def test_image_str_falls_back_to_file_name():
    """An image without caption and alt text prints as its stored file name."""
    image = make_image(caption="", alt_text="")
    assert str(image) == image.file.name
    assert image.file.name.startswith("images/")


# --- Category slugs ----------------------------------------------------------


def test_category_slug_is_generated_from_name():
    """A category without a slug gets one from its name."""
    assert make_category("Sains & Teknologi").slug == "sains-teknologi"


def test_category_slug_typed_by_editor_is_kept():
    """A slug given explicitly is not replaced."""
    assert make_category("Olahraga", slug="sport").slug == "sport"


@pytest.mark.parametrize("slug", ["admin", "search", "read", "tag", "media"])
def test_reserved_category_slug_is_refused_by_full_clean(slug):
    """A category slug that collides with a site path fails validation."""
    category = Category(name="Anything", slug=slug)
    with pytest.raises(ValidationError) as excinfo:
        category.full_clean()
    assert "slug" in excinfo.value.message_dict


def test_generated_category_slug_avoids_reserved_words():
    """A category named like a site path gets a suffixed slug, never the path."""
    assert make_category("Admin").slug == "admin-2"


# --- Article slugs -----------------------------------------------------------


def test_article_slug_is_generated_from_indonesian_title():
    """The slug is the slugified title, punctuation dropped."""
    article = make_article(title="Cara Menanam Cabai di Pot, Mudah!")
    assert article.slug == "cara-menanam-cabai-di-pot-mudah"


def test_duplicate_titles_get_numbered_slugs():
    """A second and third article with the same title get ``-2`` and ``-3``."""
    slugs = [make_article(title="Banjir di Jakarta").slug for _ in range(3)]
    assert slugs == ["banjir-di-jakarta", "banjir-di-jakarta-2", "banjir-di-jakarta-3"]


def test_title_without_letters_gets_fallback_slug():
    """A title that slugifies to nothing gets the slug ``artikel``."""
    assert make_article(title="!!!").slug == "artikel"
    assert make_article(title="???").slug == "artikel-2"


def test_long_title_gives_slug_within_max_length():
    """A maximal title leaves a slug that still fits with a numeric suffix."""
    title = "kata " * 40
    first = make_article(title=title)
    second = make_article(title=title)
    max_length = Article._meta.get_field("slug").max_length
    assert len(second.slug) <= max_length
    assert second.slug == f"{first.slug}-2"


def test_slug_follows_title_while_never_published():
    """An unpublished draft's slug changes with its title."""
    article = make_article(title="Judul Lama", status=Status.DRAFT)
    assert article.published_at is None
    article.title = "Judul Baru"
    article.save()
    article.refresh_from_db()
    assert article.slug == "judul-baru"


def test_slug_follows_title_with_update_fields():
    """Saving only the title also stores the new slug."""
    article = make_article(title="Judul Lama", status=Status.DRAFT)
    article.title = "Judul Baru"
    article.save(update_fields=["title"])
    article.refresh_from_db()
    assert article.slug == "judul-baru"


def test_saving_a_draft_with_unchanged_title_keeps_its_numbered_slug():
    """A draft whose slug has a ``-2`` suffix keeps it when saved again."""
    make_article(title="Gempa", status=Status.DRAFT)
    second = make_article(title="Gempa", status=Status.DRAFT)
    second.lead = "<p>Updated.</p>"
    second.save()
    second.refresh_from_db()
    assert second.slug == "gempa-2"


def test_slug_is_frozen_once_published_at_is_set():
    """After the article first goes out its slug never follows the title again."""
    article = make_article(title="Judul Pertama")
    assert article.published_at is not None
    article.title = "Judul Kedua"
    article.save()
    article.refresh_from_db()
    assert article.slug == "judul-pertama"


def test_slug_is_frozen_for_unpublished_article_that_was_published():
    """Taking an article down keeps its published_at, so its slug stays frozen."""
    article = make_article(title="Judul Pertama")
    Article.objects.filter(pk=article.pk).update(status=Status.UNPUBLISHED)
    article.refresh_from_db()
    article.title = "Judul Kedua"
    article.save()
    assert article.slug == "judul-pertama"


# --- reading time and meta description ---------------------------------------


def _words(n):
    return " ".join(f"kata{i}" for i in range(n))


@pytest.mark.parametrize(
    "lead, minutes",
    [
        ("", 1),
        ("<p>Pendek.</p>", 1),
        (f"<p>{_words(200)}</p>", 1),
        (f"<p>{_words(201)}</p>", 2),
        (f"<p>{_words(400)}</p>", 2),
        (f"<p>{_words(401)}</p>", 3),
    ],
)
def test_reading_minutes_is_words_over_200_rounded_up_at_least_one(lead, minutes):
    """Reading time is ceil(words / 200) minutes and never less than 1."""
    article = make_article(lead=lead)
    assert article.reading_minutes() == minutes


def test_reading_minutes_counts_section_headings_and_bodies():
    """Words in section headings and bodies count towards reading time."""
    article = make_article(lead=f"<p>{_words(150)}</p>")
    Section.objects.create(article=article, heading="Dua kata", body="<p>satu</p>")
    Section.objects.create(
        article=article, position=1, heading="x", body=f"<p>{_words(100)}</p>"
    )
    assert article.word_count() == 150 + 3 + 101
    assert article.reading_minutes() == 2


def test_word_count_separates_words_in_adjacent_paragraphs():
    """The last word of one paragraph and the first of the next are two words."""
    article = make_article(lead="<p>satu dua</p><p>tiga empat</p>")
    assert article.word_count() == 4


def test_meta_description_uses_key_points_when_present():
    """Key points, joined by spaces, are the description."""
    article = make_article(
        lead="<p>The lead.</p>", key_points=["Harga naik.", "Petani  senang."]
    )
    assert article.meta_description() == "Harga naik. Petani senang."


def test_meta_description_falls_back_to_lead_text():
    """Without key points the lead's text (no tags) is the description."""
    article = make_article(
        lead="<p>Harga <strong>cabai</strong> naik.</p>", key_points=[]
    )
    assert article.meta_description() == "Harga cabai naik."


def test_meta_description_separates_lead_paragraphs():
    """Text from two lead paragraphs is separated by a space, not glued together."""
    article = make_article(
        lead="<p>Harga cabai naik.</p><p>Petani senang.</p>", key_points=[]
    )
    assert article.meta_description() == "Harga cabai naik. Petani senang."


def test_meta_description_is_plain_text_without_entities():
    """Characters the sanitiser escapes (``&``) come back as plain text."""
    article = make_article(lead="<p>Ekspor &amp; impor naik.</p>", key_points=[])
    assert article.meta_description() == "Ekspor & impor naik."


@pytest.mark.parametrize(
    "fields",
    [
        {"key_points": [_words(30), _words(30)]},
        {"key_points": [], "lead": f"<p>{_words(100)}</p>"},
        {"key_points": ["x" * 300]},
    ],
)
def test_meta_description_is_at_most_160_characters(fields):
    """A long source is cut to at most 160 characters, ending with an ellipsis."""
    description = make_article(**fields).meta_description()
    assert len(description) <= 160
    assert description.endswith("…")


def test_meta_description_is_cut_at_a_word_boundary():
    """A cut description ends on a whole word, not half of one."""
    points = [_words(40)]
    description = make_article(key_points=points).meta_description()
    last_word = description.removesuffix("…").split()[-1]
    assert last_word in points[0].split()


# --- Image -------------------------------------------------------------------


@pytest.mark.parametrize(
    "source, credit, expected",
    [
        ("unsplash.com", "Jane Doe", "unsplash.com/Jane Doe"),
        ("Reuters", "", "Reuters"),
        ("", "Jane Doe", "Jane Doe"),
        ("", "", ""),
    ],
)
def test_image_attribution_joins_source_and_credit(source, credit, expected):
    """Attribution is "source/credit", either alone, or empty."""
    assert Image(source=source, credit=credit).attribution == expected


def test_image_width_and_height_come_from_the_file():
    """Saving an image fills width and height from the file itself."""
    image = make_image()
    image.refresh_from_db()
    assert (image.width, image.height) == (64, 48)


# --- URLs and ordering -------------------------------------------------------


def test_article_url_is_category_slug_then_article_slug():
    """An article with a category lives at /<category>/<slug>/."""
    article = make_article(
        title="Cara Menanam Cabai", category=make_category("Gaya Hidup")
    )
    assert article.get_absolute_url() == "/gaya-hidup/cara-menanam-cabai/"


def test_article_url_without_category_uses_read_prefix():
    """An article without a category lives at /read/<slug>/."""
    article = make_article(title="Tanpa Kategori", category=None)
    assert article.get_absolute_url() == "/read/tanpa-kategori/"


def test_category_url_is_its_slug():
    """A category lives at /<slug>/."""
    assert make_category("Ekonomi").get_absolute_url() == "/ekonomi/"


def test_sections_are_ordered_by_position():
    """An article's sections come back in position order, not creation order."""
    article = make_article()
    for position, heading in [(3, "Tiga"), (1, "Satu"), (2, "Dua")]:
        Section.objects.create(article=article, position=position, heading=heading)
    assert [s.heading for s in article.sections.all()] == ["Satu", "Dua", "Tiga"]


def test_is_community_article_when_author_is_not_staff():
    """An article by a non-staff writer is a community article; staff's is not."""
    assert make_article(author=make_user(staff=False)).is_community_article
    assert not make_article(author=make_user(staff=True)).is_community_article


# --- KeyPointsField ----------------------------------------------------------


def test_key_points_field_splits_lines_and_normalises_spaces():
    """One point per line; blank lines dropped, whitespace collapsed."""
    assert KeyPointsField().clean("a\n\n b  \nc") == ["a", "b", "c"]


def test_key_points_field_accepts_five_points():
    """Five points is the maximum that is accepted."""
    assert KeyPointsField().clean("1\n2\n3\n4\n5") == ["1", "2", "3", "4", "5"]


def test_key_points_field_refuses_six_points():
    """More than five points is a validation error."""
    with pytest.raises(ValidationError) as excinfo:
        KeyPointsField().clean("1\n2\n3\n4\n5\n6")
    assert excinfo.value.code == "too_many"


def test_key_points_field_refuses_a_point_over_200_characters():
    """A point longer than 200 characters is a validation error naming it."""
    with pytest.raises(ValidationError) as excinfo:
        KeyPointsField().clean("short\n" + "x" * 201)
    assert excinfo.value.code == "too_long"
    assert "2" in excinfo.value.messages[0]


def test_key_points_field_accepts_a_point_of_exactly_200_characters():
    """A point of exactly 200 characters is fine."""
    assert KeyPointsField().clean("x" * 200) == ["x" * 200]


def test_key_points_field_shows_a_list_one_point_per_line():
    """A stored list is shown in the textarea one point per line."""
    assert KeyPointsField().prepare_value(["a", "b"]) == "a\nb"


def test_article_tags_are_stored_with_a_real_foreign_key():
    """An article's tags live in ArticleTag (a foreign key), not taggit's table."""
    article = make_article(tags=["banjir", "jakarta"])
    assert sorted(article.tags.names()) == ["banjir", "jakarta"]
    assert set(
        ArticleTag.objects.filter(content_object=article).values_list(
            "tag__name", flat=True
        )
    ) == {"banjir", "jakarta"}
    assert not TaggedItem.objects.exists()
    assert list(Article.objects.filter(tags__name="banjir")) == [article]
