"""Settings: laptop-safe defaults, and production refuses to start half-configured."""

import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_check(**env):
    """Run ``manage.py check`` in a fresh process with ``env`` on top of a clean one."""
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_a_per_process_cache():
    """Rate limits must be shared by all workers: production needs CACHE_URL."""
    result = run_check(
        DEBUG="False",
        SECRET_KEY="a-long-random-production-secret-" + "k" * 40,
        ALLOWED_HOSTS="news.example.org",
    )
    assert result.returncode != 0
    assert "django_ratelimit.E003" in result.stderr


@pytest.mark.parametrize(
    "env, message",
    [
        ({"DEBUG": "False", "ALLOWED_HOSTS": "news.example.org"}, "SECRET_KEY"),
        ({"DEBUG": "False", "SECRET_KEY": "x" * 60}, "ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without_required_settings(env, message):
    """DEBUG off without SECRET_KEY or ALLOWED_HOSTS stops with a clear error."""
    result = run_check(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_settings_pass_deploy_check():
    """A configured production process passes check --deploy but for CKEditor's notice."""
    result = run_check(
        DEBUG="False",
        SECRET_KEY="a-long-random-production-secret-" + "k" * 40,
        ALLOWED_HOSTS="news.example.org",
        CACHE_URL="redis://127.0.0.1:6379/1",
    )
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if ": (" in line]
    assert [w.split(")")[0].split("(")[1] for w in warnings] == ["ckeditor.W001"]


def test_defaults_are_laptop_safe(settings):
    """Out of the box: Jakarta time, Indonesian with English, SQLite, console email."""
    assert settings.TIME_ZONE == "Asia/Jakarta"
    assert settings.LANGUAGE_CODE == "id"
    assert [code for code, _ in settings.LANGUAGES] == ["id", "en"]
    assert settings.SITE_NAME


# `make run`: DEBUG off on a laptop (LOCAL_SERVE) -----------------------------

LOCAL_RUN_SCRIPT = """
import os, django
from pathlib import Path
django.setup()
from django.core.management import call_command
from django.test import Client
call_command("migrate", verbosity=0)
media = Path(os.environ["MEDIA_ROOT"])
(media / "avatars").mkdir(parents=True)
(media / "avatars" / "a.txt").write_text("media ok")
client = Client(HTTP_HOST="127.0.0.1")
for path in ["/static/css/site.css", "/media/avatars/a.txt", "/no-such/article/"]:
    response = client.get(path)
    body = (
        b"".join(response.streaming_content)
        if response.streaming
        else response.content
    )
    print(path, response.status_code, b"Halaman tidak ditemukan" in body,
          b"technical_404" in body or b"Django tried these URL patterns" in body,
          body[:8])
"""


def test_make_run_serves_static_media_and_the_sites_404_with_debug_off(tmp_path):
    """LOCAL_SERVE: no SECRET_KEY or ALLOWED_HOSTS needed; CSS, media and the reader's 404 page, not Django's debug page."""
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    result = subprocess.run(
        [sys.executable, "-c", LOCAL_RUN_SCRIPT],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "DEBUG": "False",
            "LOCAL_SERVE": "True",
            "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
            "MEDIA_ROOT": str(tmp_path / "media"),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("/static/css/site.css 200")
    assert lines[1].startswith("/media/avatars/a.txt 200") and "media ok" in lines[1]
    assert lines[2].startswith("/no-such/article/ 404 True False")


def test_make_dev_serves_static_files_with_debug_on(tmp_path):
    """`make dev` (DEBUG on): runserver hands static files to WhiteNoise
    (runserver_nostatic), which must find them without collectstatic."""
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    result = subprocess.run(
        [sys.executable, "-c", LOCAL_RUN_SCRIPT],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "DEBUG": "True",
            "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
            "MEDIA_ROOT": str(tmp_path / "media"),
            "STATIC_ROOT": str(tmp_path / "static"),  # empty: nothing collected
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("/static/css/site.css 200")


def test_local_serve_refuses_public_hosts():
    """LOCAL_SERVE is a laptop's: with a public host name it refuses to start."""
    result = run_check(
        DEBUG="False", LOCAL_SERVE="True", ALLOWED_HOSTS="news.example.org"
    )
    assert result.returncode != 0
    assert "LOCAL_SERVE is for a laptop" in result.stderr
