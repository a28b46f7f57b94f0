"""The instructions sent to the AI service, one per article language."""

from __future__ import annotations

PROMPT_VERSION = "key-points-1"  # recorded with every LLM suggestion; bump on edits

SYSTEM_PROMPTS = {
    "id": (
        "Anda adalah editor di sebuah portal berita komunitas Indonesia. "
        "Tuliskan tepat {count} poin kunci yang singkat untuk kotak "
        '"Intinya sih..." dari artikel yang diberikan. Setiap poin adalah satu '
        "kalimat lengkap dalam bahasa Indonesia, paling banyak 200 karakter, "
        "hanya berisi fakta dari artikel, tanpa nomor atau tanda butir. "
        'Jawab hanya dengan JSON: {{"points": ["...", "..."]}}.'
    ),
    "en": (
        "You are an editor at a community news portal. Write exactly {count} "
        'short key points for the "In short..." box of the article given. Each '
        "point is one complete sentence in English, at most 200 characters, "
        "stating only facts from the article, without numbers or bullets. "
        'Answer only with JSON: {{"points": ["...", "..."]}}.'
    ),
}

USER_LABELS = {
    "id": "Artikel:",
    "en": "Article:",
}


def system_prompt(language: str, count: int) -> str:
    """The system message asking for ``count`` key points in ``language``."""
    return SYSTEM_PROMPTS.get(language, SYSTEM_PROMPTS["id"]).format(count=count)


def response_schema(count: int) -> dict:
    """The ``response_format`` that asks for ``{"points": [count strings]}``."""
    return {
        "type": "json_schema",
        "json_schema": {
            "name": "key_points",
            "strict": True,
            "schema": {
                "type": "object",
                "properties": {
                    "points": {
                        "type": "array",
                        "items": {"type": "string"},
                        "minItems": count,
                        "maxItems": count,
                    }
                },
                "required": ["points"],
                "additionalProperties": False,
            },
        },
    }
