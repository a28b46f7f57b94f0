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
