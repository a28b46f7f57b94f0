import pytest


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
