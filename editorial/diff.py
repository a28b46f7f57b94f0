"""What changed between two revision snapshots, as escaped HTML for people.

``compare`` turns two snapshots (``revisions.snapshot``) into a list of
word-level differences; every piece of user text in them is escaped.
"""

import difflib
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from articles.models import SummarySource
from articles.sanitize import html_to_text

from .revisions import snapshot_source

EMPTY = escape("")


@dataclass(frozen=True)
class FieldChange:
    """One field that differs between two snapshots, ready to show.

    ``old_html`` is the old value with removed words in ``<del>``,
    ``new_html`` the new value with inserted words in ``<ins>``, and
    ``inline_html`` both in one text. All user text in them is escaped.
    """

    label: str
    old_html: SafeString
    new_html: SafeString
    inline_html: SafeString


def has_changes(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """Whether ``compare(old, new)`` would report anything."""
    return bool(compare(old, new))


def compare(old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    """The differences from snapshot ``old`` to snapshot ``new``, in page order.

    Title, category, dateline, lead, hero image, key points, AI flag, tags,
    then each section by position (heading, body, image; added or removed
    sections as a whole). Rich text is compared as readable text, word by
    word; a change only to formatting or links is reported as such. Empty
    when the snapshots show the same content.
    """
    changes = [
        _text_change(_("Title"), old.get("title", ""), new.get("title", "")),
        _text_change(
            _("Category"),
            _category_text(old),
            _category_text(new),
            differs=_category_id(old) != _category_id(new),
        ),
        _text_change(_("Dateline"), old.get("dateline", ""), new.get("dateline", "")),
        _rich_text_change(_("Lead"), old.get("lead", ""), new.get("lead", "")),
        _text_change(
            _("Hero image"),
            _hero_text(old),
            _hero_text(new),
            differs=old.get("hero_image") != new.get("hero_image"),
        ),
        _key_points_change(old.get("key_points") or [], new.get("key_points") or []),
        _text_change(
            _("Key points written by"),
            _source_text(old),
            _source_text(new),
        ),
        _tags_change(old.get("tags") or [], new.get("tags") or []),
    ]
    changes += _section_changes(old.get("sections") or [], new.get("sections") or [])
    return [change for change in changes if change is not None]


def _text_change(
    label: str, old: str, new: str, *, differs: bool | None = None
) -> FieldChange | None:
    """Plain text compared word by word (``differs`` overrides ``old != new``)."""
    if not (old != new if differs is None else differs):
        return None
    return FieldChange(label, *_word_diff(old, new))


def _rich_text_change(label: str, old: str, new: str) -> FieldChange | None:
    """Rich text compared as its readable text."""
    if old == new:
        return None
    old_text, new_text = html_to_text(old), html_to_text(new)
    if old_text != new_text:
        return FieldChange(label, *_word_diff(old_text, new_text))
    note = _("Only formatting or links changed.")
    return FieldChange(
        label,
        format_html("{}", old_text),
        format_html("{}", new_text),
        format_html('{} <em class="diff-note">{}</em>', new_text, note),
    )


def _word_diff(old: str, new: str) -> tuple[SafeString, SafeString, SafeString]:
    """``(old_html, new_html, inline_html)`` of a word-level diff, escaped."""
    old_words, new_words = old.split(), new.split()
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    old_parts, new_parts, inline_parts = [], [], []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        removed = " ".join(old_words[i1:i2])
        inserted = " ".join(new_words[j1:j2])
        if tag == "equal":
            same = escape(removed)
            old_parts.append(same)
            new_parts.append(same)
            inline_parts.append(same)
            continue
        if removed:
            marked = format_html("<del>{}</del>", removed)
            old_parts.append(marked)
            inline_parts.append(marked)
        if inserted:
            marked = format_html("<ins>{}</ins>", inserted)
            new_parts.append(marked)
            inline_parts.append(marked)
    return _joined(old_parts), _joined(new_parts), _joined(inline_parts)


def _joined(parts: list[SafeString], separator: str = " ") -> SafeString:
    return format_html_join(separator, "{}", ((part,) for part in parts))


def _key_points_change(old: list[str], new: list[str]) -> FieldChange | None:
    """Key points as lists: whole points added or removed, edited ones by word."""
    if old == new:
        return None
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    old_items, new_items, inline_items = [], [], []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            same = [escape(point) for point in old[i1:i2]]
            old_items += same
            new_items += same
            inline_items += same
            continue
        removed, inserted = old[i1:i2], new[j1:j2]
        paired = min(len(removed), len(inserted)) if tag == "replace" else 0
        for before, after in zip(removed[:paired], inserted[:paired], strict=True):
            old_html, new_html, inline_html = _word_diff(before, after)
            old_items.append(old_html)
            new_items.append(new_html)
            inline_items.append(inline_html)
        for point in removed[paired:]:
            marked = format_html("<del>{}</del>", point)
            old_items.append(marked)
            inline_items.append(marked)
        for point in inserted[paired:]:
            marked = format_html("<ins>{}</ins>", point)
            new_items.append(marked)
            inline_items.append(marked)
    return FieldChange(
        _("Key points"),
        _bullets(old_items),
        _bullets(new_items),
        _bullets(inline_items),
    )


def _bullets(items: list[SafeString]) -> SafeString:
    if not items:
        return EMPTY
    return format_html(
        "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((i,) for i in items))
    )


def _tags_change(old: list[str], new: list[str]) -> FieldChange | None:
    """Tags as a set: removed ones in ``<del>``, added ones in ``<ins>``."""
    old_set, new_set = set(old), set(new)
    if old_set == new_set:
        return None
    old_parts, new_parts, inline_parts = [], [], []
    for name in sorted(old_set | new_set, key=str.casefold):
        if name in old_set and name in new_set:
            same = escape(name)
            old_parts.append(same)
            new_parts.append(same)
            inline_parts.append(same)
        elif name in old_set:
            marked = format_html("<del>{}</del>", name)
            old_parts.append(marked)
            inline_parts.append(marked)
        else:
            marked = format_html("<ins>{}</ins>", name)
            new_parts.append(marked)
            inline_parts.append(marked)
    return FieldChange(
        _("Tags"),
        _joined(old_parts, ", "),
        _joined(new_parts, ", "),
        _joined(inline_parts, ", "),
    )


def _section_changes(old: list[dict], new: list[dict]) -> list[FieldChange | None]:
    """Sections compared by position; extra ones are added or removed."""
    changes: list[FieldChange | None] = []
    for index in range(max(len(old), len(new))):
        number = index + 1
        if index >= len(old):
            changes.append(_whole_section(number, new[index], added=True))
        elif index >= len(new):
            changes.append(_whole_section(number, old[index], added=False))
        else:
            before, after = old[index], new[index]
            changes += [
                _text_change(
                    _("Section %(number)d: heading") % {"number": number},
                    before.get("heading", ""),
                    after.get("heading", ""),
                ),
                _rich_text_change(
                    _("Section %(number)d: body") % {"number": number},
                    before.get("body", ""),
                    after.get("body", ""),
                ),
                _text_change(
                    _("Section %(number)d: image") % {"number": number},
                    _image_text(before.get("image")),
                    _image_text(after.get("image")),
                    differs=before.get("image") != after.get("image"),
                ),
            ]
    return changes


def _whole_section(number: int, section: dict, *, added: bool) -> FieldChange:
    """A section that exists on one side only, shown as heading and body text."""
    heading = section.get("heading", "")
    body = html_to_text(section.get("body", ""))
    if added:
        label = _("Section %(number)d added") % {"number": number}
        marked = format_html("<ins><strong>{}</strong> {}</ins>", heading, body)
        return FieldChange(label, EMPTY, marked, marked)
    label = _("Section %(number)d removed") % {"number": number}
    marked = format_html("<del><strong>{}</strong> {}</del>", heading, body)
    return FieldChange(label, marked, EMPTY, marked)


def _category_id(data: dict) -> int | None:
    # Compared by id: renaming a category is not a change of the article.
    category = data.get("category")
    return category.get("id") if category else None


def _category_text(data: dict) -> str:
    category = data.get("category")
    return category.get("name", "") if category else ""


def _hero_text(data: dict) -> str:
    """The hero image as "Image 12: caption (source/credit)", like its credit line."""
    hero = data.get("hero_image")
    if not hero:
        return ""
    attribution = "/".join(p for p in (hero.get("source"), hero.get("credit")) if p)
    parts = [_image_text(hero.get("id")) + ":", hero.get("caption") or ""]
    if attribution:
        parts.append(f"({attribution})")
    # The id tells two images with the same caption and credit apart.
    return " ".join(part for part in parts if part)


def _image_text(image_id: int | None) -> str:
    return "" if image_id is None else _("Image %(id)s") % {"id": image_id}


def _source_text(data: dict[str, Any]) -> str:
    """Who wrote a snapshot's key points, in words (older snapshots had a flag)."""
    source = snapshot_source(data)
    return str(dict(SummarySource.choices).get(source, source))
