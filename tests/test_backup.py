"""make backup / make restore: one archive with the database, the media and a manifest."""

import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "backup.py"


def run_script(*args, database_url, media_root):
    """Run scripts/backup.py in a fresh process against the given database and media."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "AWS_STORAGE_BUCKET_NAME", "DJANGO_SETTINGS_MODULE"}
    }
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        cwd=ROOT,
        env={**clean, "DATABASE_URL": database_url, "MEDIA_ROOT": str(media_root)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def write_media(media_root):
    (media_root / "images" / "2026").mkdir(parents=True)
    (media_root / "images" / "2026" / "hero.jpg").write_bytes(b"\xff\xd8 not a jpeg")


def test_sqlite_round_trip(tmp_path):
    """Back up a live SQLite file and media, restore both somewhere empty."""
    source_db = tmp_path / "source.sqlite3"
    connection = sqlite3.connect(source_db)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE story (title TEXT)")
    connection.execute("INSERT INTO story VALUES ('Banjir di Jakarta')")
    connection.commit()  # left open, as a running site would
    write_media(tmp_path / "media")

    made = run_script(
        "backup",
        "--output",
        str(tmp_path / "backups"),
        database_url=f"sqlite:///{source_db}",
        media_root=tmp_path / "media",
    )
    connection.close()
    assert made.returncode == 0, made.stderr
    archive = Path(made.stdout.strip())
    assert archive.parent == tmp_path / "backups"
    assert archive.name.endswith(".tar.gz")
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
        manifest = json.load(tar.extractfile("manifest.json"))
    assert {"manifest.json", "database.sqlite3", "media/images/2026/hero.jpg"} <= names
    assert manifest["database"] == {"vendor": "sqlite", "file": "database.sqlite3"}
    assert manifest["media"]["files"] == 1

    target_db = tmp_path / "restored" / "db.sqlite3"
    restored = run_script(
        "restore",
        str(archive),
        database_url=f"sqlite:///{target_db}",
        media_root=tmp_path / "restored-media",
    )
    assert restored.returncode == 0, restored.stderr
    rows = sqlite3.connect(target_db).execute("SELECT title FROM story").fetchall()
    assert rows == [("Banjir di Jakarta",)]
    hero = tmp_path / "restored-media" / "images" / "2026" / "hero.jpg"
    assert hero.read_bytes() == b"\xff\xd8 not a jpeg"

    again = run_script(
        "restore",
        str(archive),
        database_url=f"sqlite:///{target_db}",
        media_root=tmp_path / "restored-media",
    )
    assert again.returncode == 2
    assert "--force" in again.stderr

    forced = run_script(
        "restore",
        str(archive),
        "--force",
        database_url=f"sqlite:///{target_db}",
        media_root=tmp_path / "restored-media",
    )
    assert forced.returncode == 0, forced.stderr


def postgres_url():
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


@pytest.mark.skipif(not postgres_url(), reason="DATABASE_URL is not PostgreSQL")
def test_postgresql_round_trip(tmp_path):
    """pg_dump of a scratch database restores into another empty one."""
    import environ
    import psycopg2

    config = environ.Env.db_url_config(postgres_url())
    suffix = uuid.uuid4().hex[:8]
    source, target = f"backup_src_{suffix}", f"backup_dst_{suffix}"

    def connect(name):
        return psycopg2.connect(
            dbname=name,
            user=config["USER"] or None,
            password=config["PASSWORD"] or None,
            host=config["HOST"] or None,
            port=config["PORT"] or None,
        )

    admin = connect("postgres")
    admin.autocommit = True
    base = postgres_url().rsplit("/", 1)[0]
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{source}"')
            cursor.execute(f'CREATE DATABASE "{target}"')
        with connect(source) as filled, filled.cursor() as cursor:
            cursor.execute("CREATE TABLE story (title text)")
            cursor.execute("INSERT INTO story VALUES ('Banjir di Jakarta')")
        filled.close()
        write_media(tmp_path / "media")

        made = run_script(
            "backup",
            "--output",
            str(tmp_path),
            database_url=f"{base}/{source}",
            media_root=tmp_path / "media",
        )
        assert made.returncode == 0, made.stderr
        archive = made.stdout.strip()
        restored = run_script(
            "restore",
            archive,
            database_url=f"{base}/{target}",
            media_root=tmp_path / "restored-media",
        )
        assert restored.returncode == 0, restored.stderr
        with connect(target) as check, check.cursor() as cursor:
            cursor.execute("SELECT title FROM story")
            assert cursor.fetchall() == [("Banjir di Jakarta",)]
        check.close()
        assert (tmp_path / "restored-media" / "images" / "2026" / "hero.jpg").exists()

        refused = run_script(
            "restore",
            archive,
            database_url=f"{base}/{target}",
            media_root=tmp_path / "restored-media",
        )
        assert refused.returncode == 2
        forced = run_script(
            "restore",
            archive,
            "--force",
            database_url=f"{base}/{target}",
            media_root=tmp_path / "restored-media",
        )
        assert forced.returncode == 0, forced.stderr
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{source}" WITH (FORCE)')
            cursor.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
        admin.close()
