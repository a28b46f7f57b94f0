"""The demo's people, categories and illustration palettes (all invented)."""

from editorial.permissions import EDITORS_GROUP, WRITERS_GROUP

USERS = [
    {
        "username": "editor",
        "password": "editor-demo-2026",
        "first_name": "Rina",
        "last_name": "Hapsari",
        "email": "editor@example.org",
        "is_staff": True,
        "is_superuser": True,
        "group": EDITORS_GROUP,
    },
    {
        "username": "sari",
        "password": "writer-demo-2026",
        "first_name": "Sari",
        "last_name": "Wulandari",
        "email": "sari@example.org",
        "is_staff": False,
        "is_superuser": False,
        "group": WRITERS_GROUP,
    },
    {
        "username": "bayu",
        "password": "writer-demo-2026",
        "first_name": "Bayu",
        "last_name": "Nugroho",
        "email": "bayu@example.org",
        "is_staff": False,
        "is_superuser": False,
        "group": WRITERS_GROUP,
    },
]

# The editor who reviews, approves and publishes the demo articles (and checks
# their AI summaries). Must be in the "Editors" group.
EDITOR_USERNAME = "editor"

CATEGORIES = [
    {
        "slug": "sains-teknologi",
        "name": "Sains & Teknologi",
        "description": (
            "Gawai, internet, dan ilmu pengetahuan dijelaskan dengan bahasa "
            "sehari-hari."
        ),
    },
    {
        "slug": "gaya-hidup",
        "name": "Gaya Hidup",
        "description": (
            "Cerita warga, kuliner, dan kebiasaan kecil yang membuat hidup lebih "
            "menyenangkan."
        ),
    },
    {
        "slug": "ekonomi",
        "name": "Ekonomi",
        "description": (
            "Uang, usaha kecil, dan harga kebutuhan sehari-hari dari sudut pandang "
            "rumah tangga."
        ),
    },
]

# Colour palettes for the generated illustrations: two gradient stops, then
# accent colours for the shapes drawn on top.
PALETTES = {
    "newsroom": ["#1d3557", "#457b9d", "#e63946", "#f1faee", "#a8dadc"],
    "photo-check": ["#264653", "#2a9d8f", "#e9c46a", "#f4a261", "#e76f51"],
    "rooftop": ["#386641", "#a7c957", "#f2e8cf", "#bc4749", "#6a994e"],
    "ledger": ["#3d405b", "#81b29a", "#f2cc8f", "#e07a5f", "#f4f1de"],
    "sunset": ["#03045e", "#f48c06", "#ffba08", "#dc2f02", "#370617"],
    "night-market": ["#10002b", "#7b2cbf", "#ffd60a", "#ff006e", "#3a86ff"],
    "harbour": ["#023e8a", "#48cae4", "#caf0f8", "#ffb703", "#fb8500"],
    "battery": ["#0b132b", "#1c2541", "#5bc0be", "#6fffe9", "#f7b801"],
    "market": ["#7f1d1d", "#dc2626", "#fca311", "#14213d", "#e5e5e5"],
    "bookcycle": ["#fefae0", "#dda15e", "#283618", "#606c38", "#bc6c25"],
    "recycling": ["#081c15", "#2d6a4f", "#95d5b2", "#d8f3dc", "#ffb4a2"],
}
