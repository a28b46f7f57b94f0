"""Synthetic news text for ``manage.py generate_articles``.

Everything is made up from the word lists below (written for this module, no
copied prose): headlines, leads, section headings and bodies, key points and
a tag vocabulary of thousands. A ``random.Random`` passed in decides every
choice, so the same seed gives the same text.

Two words are planted so that search can be measured with a common word
(``COMMON_WORD``, in most articles) and a rare one (``RARE_WORD``, in the
key points of about one article in ten thousand).
"""

import random

from django.utils.html import escape

COMMON_WORD = "pemerintah"
RARE_WORD = "zirkonium"
RARE_WORD_RATE = 1 / 10_000

NOUNS = """
anggaran bandara banjir baterai bencana bibit bursa cuaca data desa dokter
ekspor festival gedung gempa guru harga hutan impor inflasi investor jalan
jembatan kampus kapal kebijakan kedai kereta kesehatan koperasi kota
laboratorium lahan layanan listrik logistik mahasiswa makanan menteri murid
museum nelayan obat pabrik pajak pameran panen pantai pasar pelabuhan
pemilu penduduk penerbangan pengadilan perahu perbankan perusahaan petani
polisi produksi proyek pupuk rakyat relawan rumah sakit sawah sekolah
sungai tarif teknologi terminal tim turis ujian universitas usaha vaksin
warga wisata air angin aplikasi atlet bahan bakar beras buku bus desain
drone energi film gas gizi hotel industri internet irigasi jaringan kabel
kakao kamera karet kebun kedelai kelapa kendaraan kerajinan kopi laut
lumbung mesin motor musik nikel padi pelatih penonton perpustakaan
pesawat pupuk robot satelit sepeda stadion sinyal susu teh tembakau timah
tol truk udang unggas
""".split()

VERBS = """
membangun membuka meresmikan mengumumkan menunda mempercepat memperluas
menurunkan menaikkan meninjau menguji meluncurkan mendukung menolak
membahas menyiapkan memperbaiki mengawasi menyalurkan mengirim menerima
mencatat menargetkan memangkas menambah mengevaluasi merevisi mengajukan
menandatangani memantau mengembangkan melatih menampilkan merilis
""".split()

ADJECTIVES = """
baru besar kecil murah mahal cepat lambat hijau digital terpadu lokal
nasional regional modern tradisional aman ramah terbuka darurat sementara
terjangkau berkelanjutan mandiri kreatif produktif strategis
""".split()

PLACES = """
Jakarta Bandung Surabaya Medan Makassar Semarang Palembang Denpasar
Yogyakarta Pontianak Banjarmasin Manado Ambon Jayapura Kupang Mataram
Padang Pekanbaru Jambi Bengkulu Lampung Serang Cirebon Malang Solo
Balikpapan Samarinda Palu Kendari Ternate Sorong Batam Tanjungpinang
""".split()

ACTORS = """
wali kota|gubernur|bupati|kepala dinas|juru bicara|ketua asosiasi|
peneliti|ekonom|pengamat|direktur utama|kepala desa|rektor|pelatih kepala|
ketua panitia|warga setempat|pedagang pasar
""".replace("\n", "").split("|")

CONNECTORS = """
Menurut|Sementara itu,|Selain itu,|Di sisi lain,|Sebelumnya,|Dalam
pekan ini,|Hingga kini,|Pada kesempatan yang sama,|Tahun lalu,|Ke depan,
""".replace("\n", " ").split("|")

TIMES = """
pekan depan|bulan ini|akhir tahun|tahun depan|awal bulan|dalam waktu
dekat|sejak Senin|hingga Jumat|pada kuartal ketiga|musim hujan ini
""".replace("\n", " ").split("|")

CATEGORIES = [
    "Nasional",
    "Ekonomi",
    "Teknologi",
    "Olahraga",
    "Hiburan",
    "Gaya Hidup",
    "Internasional",
    "Sains",
    "Otomotif",
    "Kesehatan",
    "Pendidikan",
    "Wisata",
]

FIRST_NAMES = """
Adi Ayu Bagus Bima Citra Dewi Dian Eka Fajar Gita Hadi Indah Intan Joko
Kartika Lestari Made Nanda Nur Putri Rani Rizky Sari Satria Sekar Tari
Tono Wahyu Wulan Yoga Yusuf Zahra Agus Bayu Dimas Fitri Hendra Ika Lina
Mega Nia Oki Pandu Rina Sinta Teguh Umar Vina Wira
""".split()

LAST_NAMES = """
Pratama Saputra Wijaya Santoso Kusuma Hidayat Nugroho Lestari Siregar
Simanjuntak Harahap Nasution Wibowo Setiawan Gunawan Hakim Rahman
Susanto Halim Tanjung Situmorang Manurung Pane Lubis Sembiring Ginting
""".split()


def tag_vocabulary(size: int) -> list[str]:
    """``size`` distinct tag names: nouns, noun pairs and noun + adjective."""
    names = list(NOUNS)
    names += [f"{noun} {adjective}" for noun in NOUNS for adjective in ADJECTIVES]
    names += [f"{a} {b}" for a in NOUNS for b in NOUNS if a != b]
    seen: dict[str, None] = {}
    for name in names:
        seen.setdefault(name, None)
        if len(seen) == size:
            break
    return list(seen)


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def headline(rng: random.Random) -> str:
    noun, other = rng.choice(NOUNS), rng.choice(NOUNS)
    forms = [
        f"{rng.choice(PLACES)} {rng.choice(VERBS)} {noun} {rng.choice(ADJECTIVES)}",
        f"{noun.capitalize()} {rng.choice(ADJECTIVES)} untuk {other} di "
        f"{rng.choice(PLACES)}",
        f"{rng.choice(ACTORS).capitalize()} {rng.choice(VERBS)} {noun} "
        f"{rng.choice(TIMES)}",
        f"Warga {rng.choice(PLACES)} menanti {noun} {rng.choice(ADJECTIVES)}",
    ]
    return rng.choice(forms).capitalize()


def sentence(rng: random.Random) -> str:
    noun, other = rng.choice(NOUNS), rng.choice(NOUNS)
    subject = rng.choice(
        [f"{rng.choice(ACTORS)} {rng.choice(PLACES)}", COMMON_WORD, f"para {noun}"]
    )
    forms = [
        f"{subject} {rng.choice(VERBS)} {other} {rng.choice(ADJECTIVES)} "
        f"{rng.choice(TIMES)}",
        f"{rng.choice(CONNECTORS)} {subject} {rng.choice(VERBS)} rencana {noun} "
        f"bagi {other} di {rng.choice(PLACES)}",
        f"Harga {noun} {rng.choice(['naik', 'turun', 'stabil'])} "
        f"{rng.randint(2, 40)} persen {rng.choice(TIMES)}",
        f"{subject} menyebut {noun} {rng.choice(ADJECTIVES)} akan membantu {other}",
    ]
    text = rng.choice(forms)
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, sentences: tuple[int, int] = (2, 4)) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(*sentences)))


def body_html(rng: random.Random) -> str:
    """One to three paragraphs of rich text, sometimes with a quote or list."""
    parts = [f"<p>{escape(paragraph(rng))}</p>" for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.2:
        parts.append(f"<blockquote><p>{escape(sentence(rng))}</p></blockquote>")
    if rng.random() < 0.1:
        items = "".join(f"<li>{escape(sentence(rng))}</li>" for _ in range(3))
        parts.append(f"<ul>{items}</ul>")
    return "".join(parts)


def lead_html(rng: random.Random) -> str:
    return f"<p>{escape(paragraph(rng, (2, 3)))}</p>"


def key_points(rng: random.Random) -> list[str]:
    """Two to five points; about one list in 10,000 names ``RARE_WORD``."""
    points = [sentence(rng) for _ in range(rng.randint(2, 5))]
    if rng.random() < RARE_WORD_RATE:
        points[-1] = f"Uji bahan {RARE_WORD} {rng.choice(TIMES)}."
    return points


def section_heading(rng: random.Random) -> str:
    noun = rng.choice(NOUNS)
    forms = [
        f"{noun.capitalize()} {rng.choice(ADJECTIVES)}",
        f"Dampak bagi {noun}",
        f"Tanggapan {rng.choice(ACTORS)}",
        f"Rencana {rng.choice(TIMES)}",
    ]
    return rng.choice(forms)
