"""Time the extractive key-point summariser on short, medium and long articles.

Run from the repository root: ``.venv/bin/python -m bench.summary_speed``.
Prints the median and worst milliseconds of ``suggest()`` per article size,
after one warm-up call (which builds the stemmers once per process).
"""

import os
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
django.setup()

from editorial.summaries import ArticleText, SectionText, suggest  # noqa: E402

RUNS = 15
SENTENCES = [
    "Pemerintah kota mengumumkan rencana perbaikan {n} ruas jalan di pusat kota.",
    "Warga di kampung sekitar pasar mengeluhkan genangan air setiap hujan deras.",
    "Menurut dinas pekerjaan umum, anggaran Rp 1.500.000.000 sudah disiapkan.",
    "“Kami mulai dari saluran air yang tersumbat,” kata Budi Santoso, kepala "
    "seksi jalan dan jembatan.",
    "Pengerjaan dijadwalkan selesai dalam {n} bulan, dengan jalur alternatif "
    "bagi pengendara.",
    "Pedagang berharap perbaikan tidak mengganggu pembeli yang datang pada "
    "akhir pekan.",
    "Relawan warga ikut mendata titik rawan banjir di sepanjang Jl. Merdeka No. {n}.",
    "Data tahun lalu mencatat kenaikan curah hujan sekitar 1,5 kali lipat.",
]


def article(words: int) -> ArticleText:
    """An invented Indonesian article of about ``words`` words."""
    paragraphs: list[str] = []
    count = 0
    n = 0
    while count < words:
        sentence = SENTENCES[n % len(SENTENCES)].format(n=n + 2)
        paragraphs.append(f"<p>{sentence}</p>")
        count += len(sentence.split())
        n += 1
    lead, rest = "".join(paragraphs[:2]), paragraphs[2:]
    size = max(1, len(rest) // 5)
    sections = [
        SectionText(f"Bagian {i + 1} tentang jalan kota", "".join(rest[i : i + size]))
        for i in range(0, len(rest), size)
    ]
    return ArticleText("Perbaikan jalan kota dimulai bulan depan", lead, sections)


def main() -> None:
    """Print median and worst ms for about 150, 600 and 2,000 words."""
    suggest(article(150))
    for label, words in (("short", 150), ("medium", 600), ("long", 2000)):
        text = article(words)
        times = []
        for _run in range(RUNS):
            started = time.perf_counter()
            suggest(text, backend="extractive")
            times.append((time.perf_counter() - started) * 1000)
        print(
            f"{label:6} ~{words:5} words: median {statistics.median(times):6.1f} ms, "
            f"worst {max(times):6.1f} ms ({RUNS} runs)"
        )


if __name__ == "__main__":
    main()
