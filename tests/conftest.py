from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from articles import page_cache
from tests.builders import SITE_URL, log_in, make_editor, make_writer


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    """Uploaded files go to a per-test folder, never the developer's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """Background tasks run when enqueued (after commit), in the test's thread."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
    settings.TASKS_ENQUEUE_ON_COMMIT = False


@pytest.fixture(autouse=True)
def _known_site(settings):
    settings.SITE_NAME = "Newsroom"
    settings.SITE_URL = SITE_URL


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Hashing strength is not under test; MD5 keeps user builders fast."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language; a request to /en/... leaves
    English active in the thread, as Django's LocaleMiddleware does."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: no page, fragment, version or
    rate-limit count stored by another test (primary keys are reused)."""
    cache.clear()
    page_cache.local_copies.clear()
    yield
    cache.clear()
    page_cache.local_copies.clear()


@pytest.fixture
def fixed_rate_window(monkeypatch):
    """Rate-limit windows are aligned to the clock; a fixed clock keeps a test inside one."""
    clock = SimpleNamespace(time=lambda: 1_800_000_000.0)
    monkeypatch.setattr("django_ratelimit.core.time", clock)
    monkeypatch.setattr("editorial.login_limits.time", clock)


@pytest.fixture
def english_messages():
    """Messages are checked in English, whatever LANGUAGE_CODE says."""
    with translation.override("en"):
        yield


@pytest.fixture
def no_resized_copies(monkeypatch):
    """Renditions are tested in test_renditions; elsewhere uploads skip the resizing."""
    monkeypatch.setattr("articles.renditions.planned", lambda width, height: {})


# --- Roles -------------------------------------------------------------------


@pytest.fixture
def writer():
    """The community writer most tests act as."""
    return make_writer("sari", first_name="Sari", last_name="Wulandari")


@pytest.fixture
def other_writer():
    """A second community writer, who owns none of ``writer``'s articles."""
    return make_writer("joko", first_name="Joko", last_name="Susilo")


@pytest.fixture
def editor():
    """The editor most tests act as (staff, in the Editors group)."""
    return make_editor("desk", first_name="Dewi", last_name="Lestari")


@pytest.fixture
def other_editor():
    """A second editor, e.g. one who does not hold the review."""
    return make_editor("agus", first_name="Agus", last_name="Salim")


@pytest.fixture
def en_client(client):
    """An anonymous client that reads pages in English."""
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def writer_client(client, writer):
    """A client logged in as ``writer``, reading pages in English."""
    return log_in(client, writer)


@pytest.fixture
def editor_client(client, editor):
    """A client logged in as ``editor``, reading pages in English."""
    return log_in(client, editor)
