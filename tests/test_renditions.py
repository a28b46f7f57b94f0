"""Image renditions: made once on save, never upscaled, rendered responsively."""

import logging
from pathlib import PurePosixPath
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.template import Context, Template
from PIL import Image as PILImage

from articles import renditions
from articles.images import validate_and_reencode
from articles.models import Image, Section
from tests.builders import image_bytes, make_article, make_image

pytestmark = pytest.mark.django_db

PLACEHOLDER = 'src="/static/img/placeholder.svg"'


def upload_image(size, fmt="JPEG", **fields):
    """An Image stored the way every upload path stores one."""
    upload = SimpleUploadedFile("photo", image_bytes(fmt, size=size))
    fields.setdefault("alt_text", "Warga menanam pohon")
    image = Image.objects.create(file=validate_and_reencode(upload), **fields)
    # The renditions task (run at once in tests) saved them on the row.
    return Image.objects.get(pk=image.pk)


def folder(image):
    """The image's rendition folder: named after its random file name, not its id."""
    return f"renditions/{PurePosixPath(image.file.name).stem}/"


def render_tag(image, kind="article", eager=False):
    template = Template("{% load images %}{% responsive_image image kind eager %}")
    return template.render(Context({"image": image, "kind": kind, "eager": eager}))


def stored_size(name):
    with default_storage.open(name, "rb") as handle, PILImage.open(handle) as img:
        return img.format, img.size, img.info


def rendition_files(image):
    _, files = default_storage.listdir(folder(image))
    return sorted(files)


def lose_source_file(image):
    """The image's file is gone and it has no renditions (uploaded before them)."""
    default_storage.delete(image.file.name)
    Image.objects.filter(pk=image.pk).update(renditions={})
    return Image.objects.get(pk=image.pk)  # refresh_from_db would read the file


def test_renditions_are_made_on_save_for_every_width_in_webp_and_jpeg():
    """Saving a 1600 px image stores WebP and JPEG copies at 480, 960 and 1440 px."""
    image = upload_image((1600, 900))
    for crop in ("whole", "16x9"):
        for width in (480, 960, 1440):
            webp = image.renditions[f"{crop}-{width}-webp"]
            jpeg = image.renditions[f"{crop}-{width}-jpeg"]
            assert webp["name"].startswith(folder(image))
            assert webp["name"].endswith(f"-{width}-webp.webp")
            assert stored_size(webp["name"])[:2] == ("WEBP", (width, webp["height"]))
            fmt, size, info = stored_size(jpeg["name"])
            assert (fmt, size) == ("JPEG", (width, jpeg["height"]))
            assert info.get("progressive")
    assert Image.objects.get(pk=image.pk).renditions == image.renditions


def test_16x9_crop_is_exactly_16_by_9_and_whole_keeps_the_ratio():
    """A 4:3 source is centre-cropped to 16:9 for cards and kept 4:3 for the page."""
    image = upload_image((1600, 1200))
    for width in (480, 960, 1440):
        card = image.renditions[f"16x9-{width}-jpeg"]
        whole = image.renditions[f"whole-{width}-webp"]
        assert abs(card["height"] - card["width"] * 9 / 16) <= 1
        assert abs(whole["height"] - whole["width"] * 3 / 4) <= 1
        assert stored_size(card["name"])[1] == (card["width"], card["height"])


def test_structured_data_gets_16x9_4x3_and_1x1_jpegs_at_1200_px():
    """Search engines get absolute URLs of 16:9, 4:3 and 1:1 JPEGs 1200 px wide."""
    image = upload_image((1600, 1200))
    sizes = [
        (image.renditions[key]["width"], image.renditions[key]["height"])
        for key in ("16x9-1200-jpeg", "4x3-1200-jpeg", "1x1-1200-jpeg")
    ]
    assert sizes == [(1200, 675), (1200, 900), (1200, 1200)]
    urls = renditions.structured_data_images(image)
    assert urls == [
        f"https://news.example.org/media/{folder(image)}{key}.jpg"
        for key in ("16x9-1200-jpeg", "4x3-1200-jpeg", "1x1-1200-jpeg")
    ]


def test_share_image_url_is_the_absolute_16x9_jpeg():
    """og:image gets the 1200 px 16:9 JPEG as an absolute URL."""
    image = upload_image((1600, 1200))
    html = Template("{% load images %}{% share_image_url image %}").render(
        Context({"image": image})
    )
    assert html == (f"https://news.example.org/media/{folder(image)}16x9-1200-jpeg.jpg")


def test_structured_data_falls_back_to_the_original_for_a_tiny_image():
    """An image too small for search-engine renditions is listed as itself."""
    image = make_image()
    assert renditions.structured_data_images(image) == [
        "https://news.example.org" + image.file.url
    ]


def test_small_source_is_never_upscaled_and_the_original_is_the_candidate():
    """A 64x48 image gets no 480 px copy; its srcset offers the original."""
    image = make_image()
    assert set(image.renditions) == {"original"}
    assert renditions.srcset(image, "whole", "jpeg") == f"{image.file.url} 64w"
    assert renditions.srcset(image, "whole", "webp") == ""
    html = render_tag(image)
    assert "<source" not in html
    assert f'src="{image.file.url}"' in html
    assert 'width="64" height="48"' in html


def test_widths_above_a_mid_size_source_are_skipped_for_the_original():
    """A 1200 px image gets 480 and 960 px copies and the original as the widest."""
    image = upload_image((1200, 900))
    assert "whole-1440-webp" not in image.renditions
    original = f"{image.file.url} 1200w"
    for fmt in ("webp", "jpeg"):
        value = renditions.srcset(image, "whole", fmt)
        assert value.endswith(original)
        assert "480w" in value and "960w" in value and "1440w" not in value


def test_a_16x9_source_shares_files_between_card_and_whole_copies():
    """For a 16:9 source the cropped and uncropped copies are one file each."""
    image = upload_image((1600, 900))
    for width in (480, 960, 1440):
        for fmt in ("webp", "jpeg"):
            card = image.renditions[f"16x9-{width}-{fmt}"]
            assert card == image.renditions[f"whole-{width}-{fmt}"]
            assert (card["width"], card["height"]) == (width, width * 9 // 16)


def test_renditions_are_made_once_and_reused():
    """A second ensure_renditions opens no image and writes no file."""
    image = upload_image((1600, 900))
    files = rendition_files(image)
    assert len(files) == 2 * 3 + 3  # 16:9 source: cards share the whole copies
    with mock.patch.object(renditions.PILImage, "open") as pil_open:
        again = renditions.ensure_renditions(Image.objects.get(pk=image.pk))
    pil_open.assert_not_called()
    assert again == image.renditions
    assert rendition_files(image) == files


def test_saving_other_fields_does_not_remake_renditions(django_assert_num_queries):
    """Editing the caption runs one UPDATE and leaves the renditions alone."""
    image = upload_image((1600, 900))
    image.caption = "Bibit pohon"
    with mock.patch.object(renditions.PILImage, "open") as pil_open:
        with django_assert_num_queries(1):
            image.save()
    pil_open.assert_not_called()


def test_a_replaced_file_gets_new_renditions():
    """Storing another file on the same image remakes its renditions from it."""
    image = upload_image((1600, 900))
    upload = SimpleUploadedFile("new", image_bytes(size=(1000, 1000)))
    image.file = validate_and_reencode(upload)
    image.save()
    image.refresh_from_db()
    assert image.renditions["original"]["name"] == image.file.name
    assert image.renditions["whole-960-jpeg"]["height"] == 960
    assert "whole-1440-jpeg" not in image.renditions


def test_transparent_png_renditions_keep_alpha_in_webp_and_flatten_jpeg():
    """A transparent PNG gets WebP copies with alpha and white-backed JPEGs."""
    image = upload_image((960, 540), fmt="PNG")
    assert stored_size(image.renditions["whole-960-webp"]["name"])[0] == "WEBP"
    with default_storage.open(image.renditions["whole-960-jpeg"]["name"]) as handle:
        assert PILImage.open(handle).mode == "RGB"


def test_card_tag_has_webp_source_srcset_sizes_dimensions_and_lazy_loading():
    """A card image is a <picture> with WebP and JPEG srcsets, sizes, 16:9 size, lazy."""
    image = upload_image((1600, 1200))
    html = render_tag(image, "card")
    assert '<source type="image/webp" srcset="' in html
    for width in (480, 960, 1440):
        assert f"16x9-{width}-webp.webp {width}w" in html
        assert f"16x9-{width}-jpeg.jpg {width}w" in html
    assert "16x9-1200-jpeg.jpg 1200w" in html  # the JSON-LD copy fits too
    assert html.count('sizes="(min-width: 48rem) 33vw, 100vw"') == 2
    assert f'src="/media/{folder(image)}16x9-960-jpeg.jpg"' in html
    assert 'width="960" height="540"' in html
    assert 'alt="Warga menanam pohon"' in html
    assert 'loading="lazy"' in html and 'decoding="async"' in html
    assert "fetchpriority" not in html


def test_eager_image_has_high_priority_and_no_lazy_loading():
    """The hero (eager) image loads with fetchpriority="high", never lazily."""
    html = render_tag(upload_image((1600, 900)), "lead", eager=True)
    assert 'fetchpriority="high"' in html
    assert "loading=" not in html
    assert 'sizes="(min-width: 48rem) 60vw, 100vw"' in html


def test_article_image_keeps_the_whole_picture_ratio():
    """On the article page the image is uncropped and sized for the text column."""
    image = upload_image((1600, 1200))
    html = render_tag(image, "article")
    assert "whole-1440-webp.webp 1440w" in html
    assert "16x9-" not in html
    assert 'width="960" height="720"' in html
    assert 'sizes="(min-width: 44rem) 42rem, 100vw"' in html


def test_rendering_runs_no_query_when_renditions_exist(django_assert_num_queries):
    """Renditions are on the row: rendering an image costs no query."""
    image = Image.objects.get(pk=upload_image((1600, 900)).pk)
    with django_assert_num_queries(0):
        render_tag(image, "card")


def test_image_without_renditions_shows_its_original_sized_and_makes_none(
    django_assert_num_queries,
):
    """Until the task has made them, the original is shown with its size; no resizing in the request."""
    image = upload_image((1600, 900))
    Image.objects.filter(pk=image.pk).update(renditions={})
    old_image = Image.objects.get(pk=image.pk)
    with mock.patch.object(renditions.PILImage, "open") as pil_open:
        with django_assert_num_queries(0):
            html = render_tag(old_image, "card")
    pil_open.assert_not_called()
    assert f'src="{old_image.file.url}"' in html
    assert 'width="960" height="540"' in html and "srcset" not in html


def test_the_renditions_task_backfills_an_old_image():
    """make_image_renditions gives an image without renditions its copies, once."""
    image = upload_image((1600, 900))
    Image.objects.filter(pk=image.pk).update(renditions={})
    renditions.make_image_renditions.call(image.pk)
    backfilled = Image.objects.get(pk=image.pk)
    assert "whole-1440-webp" in backfilled.renditions
    assert "-1440-webp.webp 1440w" in render_tag(backfilled, "card")


def test_missing_source_file_is_logged_by_the_task_and_never_raises(caplog):
    """A lost file makes the task log a warning; the tag still renders."""
    image = lose_source_file(upload_image((1600, 900)))
    with caplog.at_level(logging.WARNING, logger="articles.renditions"):
        renditions.make_image_renditions.call(image.pk)
    assert "no renditions made" in caplog.text
    assert renditions.ensure_renditions(image) == {}
    html = render_tag(image, "card")
    assert 'alt="Warga menanam pohon"' in html
    assert 'width="960" height="540"' in html and 'loading="lazy"' in html


def test_source_lost_after_renditions_were_made_keeps_serving_them(client):
    """Pages trust the row: stored renditions still show when only the source is gone."""
    image = upload_image((1600, 900))
    article = make_article(hero_image=image)
    default_storage.delete(image.file.name)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "whole-1440-webp.webp 1440w" in response.content.decode()
    assert PLACEHOLDER not in response.content.decode()


def test_unreadable_source_file_never_raises():
    """A file that is not an image makes no renditions and renders without an error."""
    image = lose_source_file(upload_image((1600, 900)))
    default_storage.save(image.file.name, ContentFile(b"not an image"))
    assert renditions.ensure_renditions(image) == {}
    assert 'alt="Warga menanam pohon"' in render_tag(image, "article", eager=True)


def test_image_without_a_file_renders_the_placeholder():
    """An image row whose file field is empty renders the placeholder."""
    image = make_image()
    Image.objects.filter(pk=image.pk).update(file="", renditions={})
    assert PLACEHOLDER in render_tag(Image.objects.get(pk=image.pk))
    assert renditions.structured_data_images(Image.objects.get(pk=image.pk)) == []


def test_article_page_with_lost_image_files_still_answers(client):
    """The article page still answers 200 when its hero and section files are lost."""
    hero, figure = upload_image((1600, 900)), upload_image((800, 600))
    article = make_article(hero_image=hero)
    Section.objects.create(article=article, position=1, heading="H", image=figure)
    lose_source_file(hero)
    lose_source_file(figure)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('alt="Warga menanam pohon"') == 2


def test_article_page_hero_is_eager_and_section_images_are_lazy(client):
    """The hero has fetchpriority="high"; section images load lazily; both use srcset."""
    image = upload_image((1600, 900))
    article = make_article(hero_image=image)
    Section.objects.create(article=article, position=1, heading="H", image=image)
    html = client.get(article.get_absolute_url()).content.decode()
    hero, section = html.split('<section class="article__section"', 1)
    assert 'fetchpriority="high"' in hero and 'loading="lazy"' not in hero
    assert "whole-1440-webp.webp 1440w" in hero
    assert 'loading="lazy"' in section and "fetchpriority" not in section


def test_front_page_lead_story_is_eager_and_other_cards_lazy(client):
    """The lead story's image is eager with lead sizes; other cards are lazy."""
    image = upload_image((1600, 900))
    make_article(hero_image=image, title="Older story")
    make_article(hero_image=image, title="Newest story")
    html = client.get("/").content.decode()
    assert html.count('fetchpriority="high"') == 1
    assert 'sizes="(min-width: 48rem) 60vw, 100vw"' in html
    assert 'sizes="(min-width: 48rem) 33vw, 100vw"' in html
    assert 'loading="lazy"' in html


def test_make_renditions_backfills_and_counts(capsys):
    """The command fills images without renditions and reports what it did."""
    images = [upload_image((1600, 900)), upload_image((600, 400))]
    broken = upload_image((800, 600))
    Image.objects.update(renditions={})
    default_storage.delete(broken.file.name)
    call_command("make_renditions")
    assert "2 images updated, 0 already complete, 1 failed" in capsys.readouterr().out
    for image in images:
        image.refresh_from_db()
        assert "whole-480-webp" in image.renditions
    call_command("make_renditions")
    assert "0 images updated, 2 already complete, 1 failed" in capsys.readouterr().out


def test_make_renditions_check_remakes_lost_files(capsys):
    """With --check a rendition file lost from storage is made again."""
    image = upload_image((1600, 900))
    name = image.renditions["16x9-960-webp"]["name"]
    default_storage.delete(name)
    call_command("make_renditions")
    assert not default_storage.exists(name)
    call_command("make_renditions", "--check")
    assert default_storage.exists(name)
    assert "1 images updated" in capsys.readouterr().out


def test_structured_data_urls_are_valid_images():
    """Every URL listed for search engines points at a stored JPEG."""
    image = upload_image((2000, 1500))
    for url in renditions.structured_data_images(image):
        name = url.removeprefix("https://news.example.org/media/")
        fmt, (width, _), _ = stored_size(name)
        assert (fmt, width) == ("JPEG", 1200)


def test_rendition_paths_carry_no_database_id():
    """Rendition files live under the original's random name, never under the image id."""
    image = upload_image((1600, 900))
    names = [e["name"] for k, e in image.renditions.items() if k != "original"]
    assert names and all(not n.startswith(f"renditions/{image.pk}/") for n in names)
    assert all(n.startswith(folder(image)) for n in names)


def test_old_id_named_renditions_are_moved_by_a_command(capsys):
    """rename_guessable_media remakes id-named renditions under random names."""
    image = upload_image((1600, 900))
    old_name = f"renditions/{image.pk}/whole-480-webp.webp"
    default_storage.save(old_name, ContentFile(b"old"))
    recorded = dict(image.renditions)
    recorded["whole-480-webp"] = {**recorded["whole-480-webp"], "name": old_name}
    Image.objects.filter(pk=image.pk).update(renditions=recorded)

    call_command("rename_guessable_media")

    moved = Image.objects.get(pk=image.pk)
    assert not default_storage.exists(old_name)
    assert moved.renditions["whole-480-webp"]["name"].startswith(folder(moved))
    assert "1 images' renditions moved" in capsys.readouterr().out
