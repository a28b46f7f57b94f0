"""Media storage: the local folder by default, an S3-compatible bucket when configured."""

import json
import os
import subprocess
import sys

from newsroom.media_storage import FILESYSTEM, S3, media_storage, media_url

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
S3_ENV = {
    "AWS_STORAGE_BUCKET_NAME": "newsroom-media",
    "AWS_S3_ENDPOINT_URL": "https://s3.example.org",
    "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE",
    "AWS_SECRET_ACCESS_KEY": "example-secret",
    "AWS_S3_CUSTOM_DOMAIN": "media.example.org",
}


def test_without_a_bucket_media_stay_in_media_root():
    """No bucket configured: Django's FileSystemStorage on MEDIA_ROOT."""
    assert media_storage({}) == {"BACKEND": FILESYSTEM}


def test_a_bucket_switches_media_to_s3_with_public_media_defaults():
    """The bucket, endpoint, keys and CDN domain reach django-storages' S3 backend."""
    storage = media_storage(S3_ENV)
    assert storage["BACKEND"] == S3
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "newsroom-media"
    assert options["endpoint_url"] == "https://s3.example.org"
    assert options["access_key"] == "AKIAEXAMPLE"
    assert options["secret_key"] == "example-secret"
    assert options["custom_domain"] == "media.example.org"
    assert options["default_acl"] is None
    assert options["querystring_auth"] is False
    assert options["file_overwrite"] is False


def test_media_url_follows_the_buckets_custom_domain():
    """In-text images on the CDN domain count as our media for the sanitiser."""
    assert media_url({}) == "/media/"
    assert media_url({"AWS_S3_CUSTOM_DOMAIN": "media.example.org"}) == "/media/"
    assert media_url(S3_ENV) == "https://media.example.org/"
    assert media_url({**S3_ENV, "AWS_LOCATION": "/uploads/"}) == (
        "https://media.example.org/uploads/"
    )


def test_signed_urls_and_an_acl_can_be_asked_for():
    """Private buckets can sign URLs; an explicit ACL is passed through."""
    options = media_storage(
        {
            "AWS_STORAGE_BUCKET_NAME": "b",
            "AWS_QUERYSTRING_AUTH": "True",
            "AWS_DEFAULT_ACL": "private",
        }
    )["OPTIONS"]
    assert options["querystring_auth"] is True
    assert options["default_acl"] == "private"


def test_settings_pick_s3_when_the_variables_are_set():
    """The settings module itself chooses S3 from the process environment."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    code = (
        "import json, django; django.setup();"
        "from django.conf import settings;"
        "from django.core.files.storage import storages;"
        "default_storage = storages['default'];"
        "print(json.dumps([settings.STORAGES['default']['BACKEND'],"
        " type(default_storage).__name__, default_storage.url('a.jpg')]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "newsroom.settings", **S3_ENV},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    backend, storage_class, url = json.loads(result.stdout)
    assert backend == S3
    assert storage_class == "S3Storage"
    assert url == "https://media.example.org/a.jpg"
