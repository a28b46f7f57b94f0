import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    """Uploaded files go to a per-test folder, never the developer's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _known_site(settings):
    settings.SITE_NAME = "Newsroom"
    settings.SITE_URL = "https://news.example.org"


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
    """Every test starts with an empty cache: no page, fragment or version
    stored by another test (primary keys are reused after rollbacks)."""
    cache.clear()
    yield
    cache.clear()
