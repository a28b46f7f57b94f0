"""Every message the project uses has an Indonesian translation."""

import ast
import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(__file__).resolve().parent.parent
# What makemessages reads: the project's Python modules and templates.
SOURCES = ["articles", "editorial", "newsroom", "templates"]
INDONESIAN = ROOT / "newsroom" / "locale" / "id" / "LC_MESSAGES" / "django.po"


def _unquote(line: str) -> str:
    return ast.literal_eval(line)


def read_po(path: Path) -> dict[tuple[str, str], dict]:
    """``(msgctxt, msgid)`` -> ``{"msgstr": [...], "fuzzy": bool}`` of a .po file.

    Obsolete entries (``#~``) are left out; the header entry too.
    """
    entries, entry, key = {}, None, None

    def finish():
        if entry and entry.get("msgid"):
            entries[(entry.get("msgctxt", ""), entry["msgid"])] = entry

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
            entry, key = None, None
            continue
        if line.startswith("#,"):
            entry = entry or {"msgstr": {}, "fuzzy": False}
            entry["fuzzy"] = "fuzzy" in line
            continue
        if line.startswith("#"):
            continue
        entry = entry or {"msgstr": {}, "fuzzy": False}
        if line.startswith('"'):
            text = _unquote(line)
            if key.startswith("msgstr"):
                entry["msgstr"][key] += text
            else:
                entry[key] += text
            continue
        key, _, rest = line.partition(" ")
        if key == "msgctxt" and entry.get("msgid") is not None:
            finish()
            entry = {"msgstr": {}, "fuzzy": False}
        if key.startswith("msgstr"):
            entry["msgstr"][key] = _unquote(rest)
        else:
            entry[key] = _unquote(rest)
    finish()
    return entries


@pytest.fixture(scope="module")
def used_messages(tmp_path_factory):
    """The messages the project's code and templates use, found by makemessages.

    It runs on a copy of the sources, so the real catalogues are never touched.
    """
    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext (xgettext) is not installed")
    copy = tmp_path_factory.mktemp("sources")
    for name in SOURCES:
        shutil.copytree(
            ROOT / name,
            copy / name,
            ignore=shutil.ignore_patterns("locale", "__pycache__", "migrations"),
        )
    locale = copy / "locale"
    cwd = Path.cwd()
    try:
        os.chdir(copy)  # makemessages reads the current directory
        with override_settings(LOCALE_PATHS=[str(locale)]):
            call_command("makemessages", locale=["id"], verbosity=0)
    finally:
        os.chdir(cwd)
    return read_po(locale / "id" / "LC_MESSAGES" / "django.po")


def test_every_message_in_use_has_an_indonesian_translation(used_messages):
    """No message of a template or module is missing, empty or fuzzy in Indonesian."""
    assert len(used_messages) > 300  # makemessages found the project's messages
    catalogue = read_po(INDONESIAN)
    missing = sorted(
        msgid
        for key in used_messages
        for _context, msgid in [key]
        if key not in catalogue
        or catalogue[key]["fuzzy"]
        or not all(catalogue[key]["msgstr"].values())
    )
    assert missing == []


def test_the_desk_words_are_indonesian():
    """The labels the issue found untranslated read in Indonesian."""
    catalogue = read_po(INDONESIAN)
    for msgid in ["Key points", "Changes requested", "Cancel schedule"]:
        assert catalogue[("", msgid)]["msgstr"]["msgstr"] not in ("", msgid)
