"""Where uploaded media live: the local MEDIA_ROOT, or an S3-compatible bucket.

Setting ``AWS_STORAGE_BUCKET_NAME`` switches media to django-storages' S3
backend (AWS, MinIO, Cloudflare R2, DigitalOcean Spaces... through
``AWS_S3_ENDPOINT_URL``), so several web machines share one media store.
"""

from collections.abc import Mapping

FILESYSTEM = "django.core.files.storage.FileSystemStorage"
S3 = "storages.backends.s3.S3Storage"


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def media_storage(environ: Mapping[str, str]) -> dict:
    """Return the STORAGES["default"] entry the environment asks for.

    Defaults for a news site's public media: objects get no per-object ACL
    (they stay private to the account; the bucket policy or the CDN in front
    decides who reads them, which is how buckets with "object ownership:
    bucket owner enforced" work), URLs are plain and cacheable rather than
    signed and expiring (``AWS_QUERYSTRING_AUTH=False``), an upload never
    overwrites an existing file, and browsers may cache files for a day.
    """
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME", "")
    if not bucket:
        return {"BACKEND": FILESYSTEM}
    options = {
        "bucket_name": bucket,
        "default_acl": environ.get("AWS_DEFAULT_ACL") or None,
        "querystring_auth": _flag(environ.get("AWS_QUERYSTRING_AUTH"), False),
        "file_overwrite": False,
        "object_parameters": {
            "CacheControl": environ.get("AWS_S3_CACHE_CONTROL", "public, max-age=86400")
        },
    }
    optional = {
        "endpoint_url": "AWS_S3_ENDPOINT_URL",
        "region_name": "AWS_S3_REGION_NAME",
        "custom_domain": "AWS_S3_CUSTOM_DOMAIN",
        "location": "AWS_LOCATION",
        "access_key": "AWS_ACCESS_KEY_ID",
        "secret_key": "AWS_SECRET_ACCESS_KEY",
    }
    for option, variable in optional.items():
        if environ.get(variable):
            options[option] = environ[variable]
    return {"BACKEND": S3, "OPTIONS": options}


def media_url(environ: Mapping[str, str], default: str = "/media/") -> str:
    """Return MEDIA_URL: the bucket's custom (CDN) domain when media are on S3.

    The rich-text sanitiser keeps images under MEDIA_URL as our own, so
    images pasted into articles keep working once media move to the bucket.
    """
    domain = environ.get("AWS_S3_CUSTOM_DOMAIN", "")
    if not environ.get("AWS_STORAGE_BUCKET_NAME") or not domain:
        return default
    location = environ.get("AWS_LOCATION", "").strip("/")
    return f"https://{domain}/" + (f"{location}/" if location else "")
