"""The extractive key-point summariser: sentences, words, points and suggest()."""

import time

import pytest
from django.core.exceptions import ImproperlyConfigured

from articles.models import Section
from editorial.demo.published import FLAGSHIP_SLUG, PUBLISHED
from editorial.summaries import (
    ArticleText,
    NotEnoughText,
    SectionText,
    SummariesOff,
    suggest,
)
from editorial.summaries.points import MAX_LENGTH, clean_point
from editorial.summaries.sentences import split_sentences
from editorial.summaries.words import content_words
from tests.builders import make_article

# Messages are compared in English; test_translations checks the Indonesian.
pytestmark = pytest.mark.usefixtures("english_messages")

# An invented article (people and places are fictional), written for these tests.
TAMAN_BACA = ArticleText(
    title="Taman Baca Kampung Sukamaju Buka Sampai Malam untuk Pelajar",
    lead=(
        "<p>Taman baca di Kampung Sukamaju kini buka sampai pukul 21.00 WIB agar "
        "pelajar bisa belajar setelah membantu orang tua berjualan. Jam buka yang "
        "lebih panjang itu dimulai sejak awal bulan ini.</p>"
        "<p>Pengelola mencatat jumlah pengunjung naik hampir dua kali lipat, dari "
        "sekitar 40 menjadi 75 anak setiap malam.</p>"
    ),
    sections=(
        SectionText(
            "Berawal dari keluhan orang tua",
            "<p>Banyak orang tua di kampung itu berdagang di pasar sampai sore. "
            "Anak-anak mereka baru sempat membaca dan mengerjakan tugas sekolah "
            "setelah magrib.</p>"
            "<p>“Dulu anak saya belajar di teras warung dengan lampu seadanya,” "
            "kata Ibu Rukmini, pedagang sayur di Jl. Melati No. 12.</p>",
        ),
        SectionText(
            "Relawan bergiliran menjaga",
            "<p>Sebanyak 14 relawan, sebagian besar mahasiswa, bergiliran menjaga "
            "taman baca setiap malam. Mereka juga membantu anak-anak yang kesulitan "
            "mengerjakan soal matematika.</p>"
            "<p>Biaya listrik tambahan sekitar Rp 150.000 per bulan ditanggung "
            "bersama lewat iuran warga dan kas karang taruna.</p>",
        ),
        SectionText(
            "Buku baru dari sumbangan warga",
            "<p>Koleksi buku bertambah 1.200 judul berkat sumbangan warga dan "
            "alumni sekolah setempat. Pengelola memilah buku yang layak sebelum "
            "menaruhnya di rak.</p>"
            "<p>Taman baca berencana membuka pojok dongeng untuk anak usia dini "
            "pada akhir pekan.</p>",
        ),
    ),
    language="id",
)

ENGLISH = ArticleText(
    title="Community Garden Opens on an Old Parking Lot",
    lead=(
        "<p>Residents of Riverside turned an empty parking lot into a community "
        "garden that opened on Saturday. More than 60 families signed up for "
        "planting beds in the first week.</p>"
    ),
    sections=(
        SectionText(
            "Built by volunteers",
            "<p>Volunteers broke up the asphalt over three weekends and brought in "
            "soil from a nearby farm. Dr. Helen Park, who led the work, said the "
            "garden cost about $4,500 in total.</p>",
        ),
        SectionText(
            "Food for the neighbourhood",
            "<p>Part of every harvest goes to the food bank on Elm St. next door. "
            "The organisers hope the garden will grow 1.5 tonnes of vegetables "
            "this year.</p>",
        ),
    ),
    language="en",
)


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "Dr. Budi tiba di Jl. Malioboro No. 5 pukul 10.30 WIB. Ia disambut warga.",
            [
                "Dr. Budi tiba di Jl. Malioboro No. 5 pukul 10.30 WIB.",
                "Ia disambut warga.",
            ],
        ),
        (
            "Menurut dr. Sari, biayanya Rp. 1.000 per orang. Semua setuju.",
            ["Menurut dr. Sari, biayanya Rp. 1.000 per orang.", "Semua setuju."],
        ),
        (
            "Hujan naik 1,5 kali lipat dari 1.000 mm. Sungai pun meluap!",
            ["Hujan naik 1,5 kali lipat dari 1.000 mm.", "Sungai pun meluap!"],
        ),
        (
            "“Kami sudah siap,” kata Laras. Ia lalu pergi.",
            ["“Kami sudah siap,” kata Laras.", "Ia lalu pergi."],
        ),
        (
            "“Apakah jalannya ditutup?” tanya warga. Petugas menggeleng.",
            ["“Apakah jalannya ditutup?” tanya warga.", "Petugas menggeleng."],
        ),
        (
            "“Jalan itu sudah dibuka.” Begitu kata petugas. Warga lega.",
            ["“Jalan itu sudah dibuka.”", "Begitu kata petugas.", "Warga lega."],
        ),
        (
            "Rapat dipimpin Prof. Hadi dan A. Yani. Hasilnya diumumkan besok.",
            ["Rapat dipimpin Prof. Hadi dan A. Yani.", "Hasilnya diumumkan besok."],
        ),
        (
            "The U.S. economy grew 2.5 percent. Mr. Lee agreed.",
            ["The U.S. economy grew 2.5 percent.", "Mr. Lee agreed."],
        ),
    ],
)
def test_sentences_split_at_real_ends_only(paragraph, expected):
    """Abbreviations, initials, decimals, thousands and attributions after quotes never end a sentence."""
    assert split_sentences(paragraph) == expected


def test_inflected_indonesian_forms_count_as_one_word():
    """Sastrawi stems "membagikan", "dibagikan" and "membagikannya" to the same word."""
    assert content_words("membagikan dibagikan membagikannya", "id") == ["bagi"] * 3


def test_stop_words_are_not_content_words():
    """Stop words from stopwords-iso ("yang", "dan", "the", "and") are dropped."""
    assert content_words("yang dan di kabar", "id") == ["kabar"]
    assert content_words("the and of garden", "en") == ["garden"]


def test_english_words_are_stemmed():
    """English words go through the Snowball stemmer."""
    assert content_words("sharing shares", "en") == ["share", "share"]


def test_indonesian_article_gets_three_points_in_article_order():
    """The test article yields three sensible points, each within 200 characters, in the article's order."""
    points = suggest(TAMAN_BACA).points
    assert len(points) == 3
    assert all(len(point) <= MAX_LENGTH for point in points)
    assert all(point[-1] in ".!?…”" for point in points)
    assert "pukul 21.00 WIB" in points[0]
    body = TAMAN_BACA.plain_text()
    positions = [body.index(point.rstrip(".…")[:40]) for point in points]
    assert positions == sorted(positions)


def test_extractive_result_is_deterministic():
    """The same article always gives the same points and the same input hash."""
    first, second = suggest(TAMAN_BACA), suggest(TAMAN_BACA)
    assert first.points == second.points
    assert first.input_hash == second.input_hash


def test_suggestion_records_extractive_provenance():
    """An extractive suggestion names its algorithm and has no host, prompt or fallback."""
    suggestion = suggest(TAMAN_BACA)
    assert suggestion.backend == "extractive"
    assert suggestion.model == "textrank-1"
    assert suggestion.endpoint_host == ""
    assert suggestion.prompt_version == ""
    assert suggestion.fallback_from == "" and suggestion.error == ""
    assert len(suggestion.input_hash) == 64
    assert suggestion.duration_ms >= 0


def test_input_hash_ignores_markup_and_spacing_but_not_words():
    """The hash is of the normalised text: extra spaces do not change it, a word does."""
    spaced = ArticleText(
        title="  " + TAMAN_BACA.title,
        lead=TAMAN_BACA.lead.replace(" ", "  "),
        sections=TAMAN_BACA.sections,
    )
    changed = ArticleText(TAMAN_BACA.title, TAMAN_BACA.lead + "<p>Baru.</p>")
    assert spaced.input_hash() == TAMAN_BACA.input_hash()
    assert changed.input_hash() != TAMAN_BACA.input_hash()


def test_english_article_gets_points():
    """An English article gets points from its own sentences."""
    points = suggest(ENGLISH, count=2).points
    assert len(points) == 2
    assert points[0].startswith("Residents of Riverside")


def test_fewer_points_when_fewer_sentences():
    """An article with two usable sentences gets two points when three are asked for."""
    text = ArticleText(
        "Warga membersihkan sungai",
        "<p>Puluhan warga membersihkan sampah di sungai kampung pada Minggu pagi. "
        "Mereka mengumpulkan dua truk sampah plastik dari tepi sungai.</p>",
    )
    assert len(suggest(text, count=3).points) == 2


def test_too_little_text_raises_not_enough_text():
    """One usable sentence is not enough, and the error says so to people."""
    text = ArticleText("Judul", "<p>Warga membersihkan sungai pada Minggu pagi.</p>")
    with pytest.raises(NotEnoughText, match="too short"):
        suggest(text)


def test_switched_off_raises_summaries_off(settings):
    """SUMMARY_BACKEND=off refuses with a message for people."""
    settings.SUMMARY_BACKEND = "off"
    with pytest.raises(SummariesOff, match="switched off"):
        suggest(TAMAN_BACA, backend="extractive")


def test_count_outside_two_to_five_is_refused():
    """Asking for 1 or 6 points is a programming error."""
    with pytest.raises(ValueError):
        suggest(TAMAN_BACA, count=6)


def test_long_point_is_cut_at_a_clause_boundary():
    """A long sentence is cut at its last comma within 200 characters and ends with a full stop."""
    sentence = (
        "Pemerintah kota mengumumkan perbaikan saluran air di tiga kecamatan "
        "yang paling sering tergenang saat hujan deras turun di sore hari, "
        "sementara warga diminta tidak membuang sampah ke selokan dan melapor "
        "lewat aplikasi jika melihat genangan baru di sekitar rumah mereka."
    )
    point = clean_point(sentence)
    assert len(point) <= MAX_LENGTH
    assert point.endswith("di sore hari.")


def test_long_point_without_clauses_is_cut_between_words():
    """Without a clause boundary the cut falls between words and ends with an ellipsis."""
    point = clean_point("kata " * 60)
    assert len(point) <= MAX_LENGTH
    assert point.endswith("kata…")


def test_points_lose_bullets_and_gain_final_punctuation():
    """Bullets and numbering are dropped and a full stop is added."""
    assert clean_point("1. Warga lega") == "Warga lega."
    assert clean_point("- Warga lega!") == "Warga lega!"


def test_long_article_is_fast():
    """A ~2,000-word article is summarised well within a second (generous bound)."""
    paragraph = " ".join(
        f"Warga kampung nomor {n} membersihkan saluran air dan menanam pohon "
        f"di tepi jalan bersama relawan sekolah pada minggu ke-{n}."
        for n in range(1, 9)
    )
    text = ArticleText(
        "Warga kampung membersihkan saluran air",
        f"<p>{paragraph}</p>",
        tuple(SectionText(f"Bagian {i}", f"<p>{paragraph}</p>" * 3) for i in range(4)),
    )
    assert len(text.plain_text().split()) > 1900
    suggest(text)  # stemmers are built once per process
    started = time.perf_counter()
    suggest(text)
    assert time.perf_counter() - started < 1.0


@pytest.mark.django_db
def test_from_article_reads_title_lead_and_sections_in_order(settings):
    """ArticleText.from_article takes the title, lead, sections by position and the site language."""
    settings.LANGUAGE_CODE = "en"
    article = make_article(title="Judul", lead="<p>Lead.</p>")
    Section.objects.create(article=article, position=2, heading="Dua", body="<p>B</p>")
    Section.objects.create(article=article, position=1, heading="Satu", body="<p>A</p>")
    text = ArticleText.from_article(article)
    assert text.title == "Judul" and text.lead == "<p>Lead.</p>"
    assert text.sections == (
        SectionText("Satu", "<p>A</p>"),
        SectionText("Dua", "<p>B</p>"),
    )
    assert text.language == "en"


@pytest.mark.django_db
def test_from_article_prefers_the_article_language():
    """An ``article.language`` attribute wins over LANGUAGE_CODE."""
    article = make_article()
    article.language = "en"
    assert ArticleText.from_article(article).language == "en"


@pytest.mark.django_db
def test_demo_flagship_gets_three_sensible_indonesian_points():
    """The demo's flagship article gets three Indonesian points drawn from its lead and sections."""
    spec = next(s for s in PUBLISHED if s["slug"] == FLAGSHIP_SLUG)
    article = make_article(title=spec["title"], lead=spec["lead"])
    for position, section in enumerate(spec["sections"], start=1):
        Section.objects.create(
            article=article,
            position=position,
            heading=section["heading"],
            body=section["body"],
        )
    points = suggest(ArticleText.from_article(article)).points
    assert points == [
        "Sebuah pesan berantai tentang jalan ditutup total menjelang akhir pekan "
        "sempat membuat grup warga di beberapa kampung panik.",
        "“Hampir separuh kabar keliru yang kami terima bulan lalu memakai foto dari "
        "kejadian lain,” kata Laras Anindita, koordinator relawan cek fakta.",
        "Kabar yang membuat kita marah atau takut justru perlu dibaca dua kali.",
    ]


def test_unknown_backend_is_a_configuration_error(settings):
    """A misspelt SUMMARY_BACKEND fails loudly instead of guessing."""
    settings.SUMMARY_BACKEND = "extractve"
    with pytest.raises(ImproperlyConfigured, match="extractive, llm or off"):
        suggest(TAMAN_BACA)
