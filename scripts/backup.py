"""Back up and restore the database and the media folder as one tar.gz archive.

    python scripts/backup.py backup [--output DIR]     # prints the archive's path
    python scripts/backup.py restore ARCHIVE [--force]

The database is the one the settings use (DATABASE_URL): PostgreSQL through
``pg_dump --format=custom`` / ``pg_restore``, SQLite through its online backup
API (a consistent copy even while the site writes). Media are MEDIA_ROOT's
files; media on S3 are left to the bucket's own versioning and noted in the
manifest. ``manifest.json`` says what the archive holds; it never holds a
password or a URL. A restore refuses a database that already has tables unless
``--force``; media files from the archive are written over MEDIA_ROOT.
"""

import argparse
import datetime
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMAT = 1


class BackupError(Exception):
    pass


def load_settings():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    from django.conf import settings

    return settings


def database_kind(db: dict) -> str:
    engine = db["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine or "postgis" in engine:
        return "postgresql"
    raise BackupError(f"Unsupported database engine: {engine}")


def libpq_env(db: dict) -> dict:
    """Connection parameters for pg_dump/pg_restore/psql, kept out of argv."""
    env = dict(os.environ)
    for key, variable in [
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ]:
        if db.get(key):
            env[variable] = str(db[key])
    return env


def run(command: list[str], env: dict) -> str:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")
    return result.stdout


def dump_database(db: dict, kind: str, target: Path) -> None:
    if kind == "postgresql":
        run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-acl", "-f", str(target)],
            libpq_env(db),
        )
        return
    source = sqlite3.connect(db["NAME"])
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
    finally:
        destination.close()
        source.close()


def database_has_tables(db: dict, kind: str) -> bool:
    if kind == "postgresql":
        count = run(
            [
                "psql",
                "-Atc",
                "SELECT count(*) FROM pg_tables"
                " WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
            ],
            libpq_env(db),
        )
        return int(count.strip() or 0) > 0
    if not Path(db["NAME"]).exists():
        return False
    connection = sqlite3.connect(db["NAME"])
    try:
        row = connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
        ).fetchone()
    finally:
        connection.close()
    return row[0] > 0


def load_database(db: dict, kind: str, source: Path, force: bool) -> None:
    if kind == "postgresql":
        command = ["pg_restore", "--no-owner", "--no-acl", "--exit-on-error"]
        command += ["--single-transaction", "-d", str(db["NAME"])]
        if force:
            command += ["--clean", "--if-exists"]
        run([*command, str(source)], libpq_env(db))
        return
    Path(db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    archived = sqlite3.connect(source)
    destination = sqlite3.connect(db["NAME"])
    try:
        archived.backup(destination)
    finally:
        destination.close()
        archived.close()


def media_is_local(settings) -> bool:
    backend = settings.STORAGES["default"]["BACKEND"]
    return backend.endswith("FileSystemStorage")


def backup(output: Path) -> Path:
    settings = load_settings()
    db = settings.DATABASES["default"]
    kind = database_kind(db)
    media_root = Path(settings.MEDIA_ROOT)
    local_media = media_is_local(settings)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    output.mkdir(parents=True, exist_ok=True)
    archive = output / f"newsroom-backup-{stamp}.tar.gz"

    with tempfile.TemporaryDirectory() as scratch:
        db_file = "database.pgdump" if kind == "postgresql" else "database.sqlite3"
        dump = Path(scratch) / db_file
        dump_database(db, kind, dump)
        media_files = (
            [p for p in media_root.rglob("*") if p.is_file()]
            if local_media and media_root.is_dir()
            else []
        )
        manifest = {
            "format": FORMAT,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
            "database": {"vendor": kind, "file": db_file},
            "media": {
                "storage": "filesystem" if local_media else "s3",
                "included": local_media,
                "files": len(media_files),
            },
        }
        partial = archive.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            info.mtime = int(datetime.datetime.now().timestamp())
            tar.addfile(info, io.BytesIO(data))
            tar.add(dump, arcname=manifest["database"]["file"])
            for path in media_files:
                tar.add(path, arcname=f"media/{path.relative_to(media_root)}")
        partial.rename(archive)
    return archive


def restore(archive: Path, force: bool) -> dict:
    settings = load_settings()
    db = settings.DATABASES["default"]
    kind = database_kind(db)
    with tempfile.TemporaryDirectory() as scratch, tarfile.open(archive) as tar:
        tar.extractall(scratch, filter="data")
        folder = Path(scratch)
        manifest = json.loads((folder / "manifest.json").read_text())
        if manifest.get("format") != FORMAT:
            raise BackupError("Unknown archive format.")
        if manifest["database"]["vendor"] != kind:
            raise BackupError(
                f"The archive holds a {manifest['database']['vendor']} database;"
                f" DATABASE_URL is {kind}."
            )
        if database_has_tables(db, kind) and not force:
            raise BackupError("The database is not empty; use --force to overwrite it.")
        load_database(db, kind, folder / manifest["database"]["file"], force)
        if manifest["media"]["included"] and (folder / "media").is_dir():
            if not media_is_local(settings):
                raise BackupError("The archive holds media files but media are on S3.")
            shutil.copytree(folder / "media", settings.MEDIA_ROOT, dirs_exist_ok=True)
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("backup", help="write one archive")
    make.add_argument(
        "--output",
        type=Path,
        default=Path(os.environ.get("BACKUP_DIR", ROOT / "backups")),
        help="folder for the archive (default: $BACKUP_DIR or ./backups)",
    )
    back = commands.add_parser("restore", help="restore database and media")
    back.add_argument("archive", type=Path)
    back.add_argument(
        "--force", action="store_true", help="overwrite a database that has tables"
    )
    args = parser.parse_args(argv)
    try:
        if args.command == "backup":
            print(backup(args.output))
        else:
            manifest = restore(args.archive, args.force)
            print(
                f"Restored the {manifest['database']['vendor']} database and"
                f" {manifest['media']['files']} media files from {args.archive}."
            )
    except BackupError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
