"""Demo data for ``manage.py seed_demo``: users, categories and articles.

Everything here is invented for the demo: the people, the places called by
name, the outlets quoted and the photographers credited are fictional. The
command reads these structures and never changes them, so the data stays the
one place to edit the demo.

Each article is created as a draft and then taken to its ``status`` through
the editorial workflow, by the writer (submit) and the demo editor (start
review, request changes, approve, publish), so its review history explains
its state. Every article that leaves draft must pass the workflow's "ready
for review" checks: a credited hero image, 2-5 key points and at least one
section. ``review_note`` is the editor's note for ``changes_requested``.

Publication dates are offsets from the moment of the first seeding
(``published_offset``, a ``timedelta``; negative is in the past, i.e.
backdated), so a fresh database always shows recent news and one scheduled
article.

Unpublished articles keep ``slug == slugify(title)``: until an article is first
published, ``Article.save`` makes the slug follow the title. A published one
may have a shorter slug; the command gives it that slug once it is published.
"""

from datetime import timedelta

FLAGSHIP_SLUG = "lima-langkah-memeriksa-kabar-viral"

PUBLISHED = [
    {
        # The flagship: every part of the article anatomy is filled in.
        "slug": FLAGSHIP_SLUG,
        "title": "Lima Langkah Memeriksa Kabar Viral Sebelum Ikut Membagikannya",
        "category": "sains-teknologi",
        "author": "sari",
        "dateline": "Yogyakarta",
        "status": "published",
        "published_offset": -timedelta(hours=3),
        "lead": (
            "<p>Sebuah pesan berantai tentang jalan ditutup total menjelang akhir "
            "pekan sempat membuat grup warga di beberapa kampung panik. Belakangan "
            "terungkap bahwa foto di pesan itu diambil bertahun-tahun lalu, di kota "
            "lain.</p>"
            "<p>Relawan ruang redaksi komunitas di Yogyakarta membagikan kebiasaan "
            "sederhana yang mereka pakai setiap hari agar kabar seperti itu tidak "
            "ikut tersebar.</p>"
        ),
        "key_points": [
            "Cari sumber pertama kabar, bukan sekadar siapa yang terakhir "
            "meneruskannya.",
            "Foto lama sering dipakai ulang; cocokkan tanggal dan lokasinya.",
            "Jika belum yakin, tahan dulu dan tanyakan ke pihak yang berwenang.",
        ],
        "summary_source": "llm",
        "tags": ["literasi digital", "cek fakta", "media sosial", "hoaks"],
        "hero_image": {
            "palette": "newsroom",
            "alt_text": (
                "Ilustrasi abstrak bidang biru, merah, dan putih yang saling "
                "bertumpuk seperti meja kerja"
            ),
            "caption": "Suasana kerja di sebuah ruang redaksi komunitas",
            "credit": "Dimas Pratama",
            "source": "unsplash.com",
            "source_url": "https://example.org/foto/ruang-redaksi-komunitas",
        },
        "sections": [
            {
                "heading": "Cari sumber pertamanya",
                "body": (
                    "<p>Pesan berantai jarang menyebut asal-usulnya. Langkah "
                    "pertama adalah bertanya: siapa yang pertama kali mengatakan "
                    "ini, dan apakah orang atau lembaga itu memang berwenang "
                    "membicarakannya?</p>"
                    "<p>Pengumuman penutupan jalan, misalnya, biasanya keluar dari "
                    "dinas perhubungan setempat. Jika akun resmi mereka tidak "
                    "menyebut apa pun, itu sudah menjadi tanda tanya besar.</p>"
                ),
            },
            {
                "heading": "Cocokkan foto, tanggal, dan tempatnya",
                "body": (
                    "<p>Foto lama adalah bahan hoaks yang paling murah. Perhatikan "
                    "detail kecil: papan nama toko, cuaca, model kendaraan, atau "
                    "spanduk acara yang tanggalnya terbaca.</p>"
                    "<blockquote><p>“Hampir separuh kabar keliru yang kami terima "
                    "bulan lalu memakai foto dari kejadian lain,” kata Laras "
                    "Anindita, koordinator relawan cek fakta.</p></blockquote>"
                    "<p>Menurut <em>Lembar Warga</em>, buletin komunitas setempat, "
                    "pencarian gambar terbalik cukup untuk membongkar sebagian "
                    "besar kasus. Panduan singkatnya bisa dibaca di "
                    '<a href="https://example.org/panduan/cari-gambar">halaman '
                    "panduan relawan</a>.</p>"
                ),
                "image": {
                    "palette": "photo-check",
                    "alt_text": (
                        "Ilustrasi abstrak kotak-kotak hijau dan kuning seperti "
                        "deretan foto yang dibandingkan"
                    ),
                    "caption": "Membandingkan dua foto dari kejadian berbeda",
                    "credit": "Laras Anindita",
                    "source": "Dok. relawan cek fakta",
                    "source_url": "",
                },
            },
            {
                "heading": "Tahan jempol sebelum membagikan",
                "body": (
                    "<p>Kabar yang membuat kita marah atau takut justru perlu "
                    "dibaca dua kali. Emosi yang kuat adalah alasan orang "
                    "meneruskan pesan tanpa memeriksanya.</p>"
                    "<p>Jika belum yakin, cukup tulis di grup bahwa kabar itu "
                    "sedang dicek. Kalimat sesederhana itu sering menghentikan "
                    "rantai penyebaran.</p>"
                ),
            },
        ],
    },
    {
        "slug": "warga-rusun-menanam-sayur-di-atap",
        "title": "Warga Rusun Harapan Jaya Menanam Sayur di Atap Gedung",
        "category": "gaya-hidup",
        "author": "bayu",
        "dateline": "Bandung",
        "status": "published",
        "published_offset": -timedelta(days=1, hours=2),
        "lead": (
            "<p>Atap beton yang dulu hanya dipakai menjemur pakaian kini dipenuhi "
            "ember bekas berisi cabai, kangkung, dan tomat. Sekitar dua puluh "
            "keluarga di Rusun Harapan Jaya bergiliran merawatnya setiap sore.</p>"
        ),
        "key_points": [
            "Kebun atap dirawat bergiliran oleh sekitar dua puluh keluarga.",
            "Media tanam memakai ember bekas dan kompos dari sisa dapur warga.",
            "Hasil panen dibagi rata, sisanya dijual murah di lantai dasar.",
        ],
        "summary_source": "human",
        "tags": ["urban farming", "komunitas", "lingkungan"],
        "hero_image": {
            "palette": "rooftop",
            "alt_text": (
                "Ilustrasi abstrak bidang hijau dan krem dengan lingkaran merah "
                "seperti buah tomat"
            ),
            "caption": "Deretan ember tanaman di atap rusun",
            "credit": "Bayu Nugroho",
            "source": "Newsroom",
            "source_url": "",
        },
        "sections": [
            {
                "heading": "Berawal dari sisa dapur",
                "body": (
                    "<p>Idenya muncul ketika pengurus rusun kewalahan mengangkut "
                    "sampah organik. Sisa sayur dan kulit buah kemudian diolah "
                    "menjadi kompos di dalam tong berpenutup di sudut atap.</p>"
                    "<blockquote><p>“Sampahnya berkurang, anak-anak jadi tahu "
                    "cabai itu tumbuhnya seperti apa,” ujar Ibu Yuyun, salah satu "
                    "penghuni lantai empat.</p></blockquote>"
                ),
            },
            {
                "heading": "Jadwal piket dan panen bersama",
                "body": (
                    "<p>Setiap keluarga mendapat jadwal menyiram dua kali "
                    "seminggu. Jadwal ditempel di pintu tangga dan diingatkan "
                    "lewat grup percakapan warga.</p>"
                    "<p>Panen pertama tidak banyak, tetapi cukup untuk membuat "
                    "sambal bersama saat kerja bakti bulanan.</p>"
                ),
            },
        ],
    },
    {
        "slug": "mencatat-pengeluaran-harian",
        "title": "Mencatat Pengeluaran Harian, Kebiasaan Kecil yang Menjaga Dompet",
        "category": "ekonomi",
        "author": "sari",
        "dateline": "Surabaya",
        "status": "published",
        "published_offset": -timedelta(days=2, hours=5),
        "lead": (
            "<p>Banyak orang merasa gajinya habis tanpa tahu ke mana. Mencatat "
            "setiap pengeluaran, sekecil apa pun, selama satu bulan sering kali "
            "cukup untuk menjawab pertanyaan itu.</p>"
        ),
        "key_points": [
            "Catat semua pengeluaran selama sebulan, termasuk jajan kecil.",
            "Kelompokkan ke beberapa pos saja agar mudah dibaca.",
            "Tinjau catatan tiap akhir pekan, bukan hanya di akhir bulan.",
        ],
        "summary_source": "llm",
        "tags": ["keuangan pribadi", "tips", "anggaran"],
        "hero_image": {
            "palette": "ledger",
            "alt_text": (
                "Ilustrasi abstrak garis-garis dan kotak berwarna lembut seperti "
                "halaman buku catatan"
            ),
            "caption": "Buku catatan pengeluaran di meja makan",
            "credit": "Nadia Kusuma",
            "source": "Arsip Newsroom",
            "source_url": "",
        },
        "sections": [
            {
                "heading": "Pilih alat yang paling malas ditinggalkan",
                "body": (
                    "<p>Buku tulis, aplikasi catatan di ponsel, atau lembar "
                    "kerja sederhana sama baiknya. Yang penting adalah alat yang "
                    "benar-benar akan dipakai setiap hari.</p>"
                ),
            },
            {
                "heading": "Cukup lima pos pengeluaran",
                "body": (
                    "<p>Makan, transportasi, tagihan, kebutuhan rumah, dan "
                    "hiburan sudah mencakup sebagian besar pengeluaran rumah "
                    "tangga. Terlalu banyak pos justru membuat orang cepat "
                    "bosan.</p>"
                    "<p>Contoh templat sederhana bisa diunduh dari "
                    '<a href="https://example.org/templat/catatan-pengeluaran">'
                    "halaman contoh ini</a>.</p>"
                ),
            },
            {
                "heading": "Lihat polanya setiap akhir pekan",
                "body": (
                    "<p>Lima menit di hari Minggu untuk menjumlahkan catatan "
                    "sudah cukup. Dari situ biasanya terlihat pos mana yang "
                    "diam-diam membengkak, misalnya ongkos pesan antar "
                    "makanan.</p>"
                ),
            },
        ],
    },
    {
        "slug": "mengapa-langit-senja-tampak-jingga",
        "title": "Mengapa Langit Senja Tampak Jingga? Ini Penjelasan Sederhananya",
        "category": "sains-teknologi",
        "author": "bayu",
        "dateline": "Makassar",
        "status": "published",
        "published_offset": -timedelta(days=3, hours=1),
        "lead": (
            "<p>Warna jingga di langit sore bukan kebetulan. Cahaya matahari "
            "yang sama sepanjang hari menempuh perjalanan yang jauh lebih panjang "
            "di atmosfer ketika matahari rendah di ufuk.</p>"
        ),
        "key_points": [
            "Cahaya biru lebih mudah dihamburkan oleh udara daripada cahaya merah.",
            "Saat senja, cahaya menempuh lapisan udara yang lebih tebal.",
            "Debu dan asap bisa membuat warna senja lebih pekat.",
        ],
        "summary_source": "human",
        "tags": ["sains", "cuaca", "penjelasan"],
        "hero_image": {
            "palette": "sunset",
            "alt_text": (
                "Ilustrasi abstrak gradasi biru tua ke jingga dengan lingkaran "
                "kuning seperti matahari terbenam"
            ),
            "caption": "Gradasi warna langit menjelang matahari terbenam",
            "credit": "Andi Saputra",
            "source": "Dok. pribadi",
            "source_url": "",
        },
        "sections": [
            {
                "heading": "Cahaya putih berisi banyak warna",
                "body": (
                    "<p>Cahaya matahari tampak putih, padahal di dalamnya ada "
                    "semua warna pelangi. Ketika menabrak molekul udara, warna "
                    "dengan gelombang pendek seperti biru lebih banyak "
                    "dipantulkan ke segala arah.</p>"
                ),
            },
            {
                "heading": "Jalan yang lebih panjang saat sore",
                "body": (
                    "<p>Siang hari, cahaya biru yang terhambur memenuhi langit. "
                    "Menjelang senja, cahaya harus menembus udara yang jauh lebih "
                    "tebal sehingga sebagian besar biru sudah terhambur sebelum "
                    "sampai ke mata kita. Yang tersisa adalah kuning, jingga, "
                    "dan merah.</p>"
                    "<p>Menurut <em>Buletin Cuaca Pesisir</em>, langit senja "
                    "biasanya paling pekat di musim kemarau ketika udara lebih "
                    "berdebu.</p>"
                ),
            },
        ],
    },
    {
        "slug": "pasar-malam-kampung-lentera-kembali-ramai",
        "title": "Pasar Malam Kampung Lentera Kembali Ramai Setelah Jalan Diperbaiki",
        "category": "gaya-hidup",
        "author": "bayu",
        "dateline": "Semarang",
        "status": "published",
        "published_offset": -timedelta(days=4, hours=6),
        "lead": (
            "<p>Deretan lapak makanan di tepi Kampung Lentera kembali menyala "
            "setiap Jumat dan Sabtu malam. Selama tiga bulan perbaikan jalan, "
            "pasar kecil ini nyaris sepi pengunjung.</p>"
            "<p>Kini pedagang menata ulang lapak agar pejalan kaki lebih "
            "leluasa, dan pengurus kampung menambah lampu di gang-gang "
            "sekitarnya.</p>"
        ),
        "key_points": [
            "Pasar malam buka lagi setiap Jumat dan Sabtu sejak jalan selesai "
            "diperbaiki.",
            "Lapak ditata ulang agar jalur pejalan kaki lebih lebar.",
        ],
        "summary_source": "human",
        "tags": ["kuliner", "umkm", "komunitas"],
        "hero_image": {
            "palette": "night-market",
            "alt_text": (
                "Ilustrasi abstrak latar ungu gelap dengan titik-titik kuning dan "
                "merah muda seperti lampu pasar malam"
            ),
            "caption": "Lampu-lampu lapak pasar malam di tepi kampung",
            "credit": "Rahmat Hidayat",
            "source": "Suara Kampung Lentera",
            "source_url": "https://example.org/suara-kampung-lentera",
        },
        "sections": [
            {
                "heading": "Tiga bulan yang sepi",
                "body": (
                    "<p>Selama perbaikan, kendaraan tidak bisa masuk dan pembeli "
                    "enggan berjalan jauh. Sebagian pedagang memilih libur, "
                    "sebagian lain berjualan lewat pesan singkat ke pelanggan "
                    "tetap.</p>"
                    "<blockquote><p>“Yang penting dapur tetap ngebul, walau "
                    "pembelinya cuma tetangga,” kata Pak Darto, penjual wedang "
                    "jahe.</p></blockquote>"
                ),
            },
            {
                "heading": "Lapak baru, lampu baru",
                "body": (
                    "<p>Pengurus kampung membuat denah lapak baru dengan jalur "
                    "tengah selebar dua meter. Warga juga patungan memasang "
                    "lampu tambahan di tiga gang menuju pasar.</p>"
                ),
            },
        ],
    },
    {
        # Published, but scheduled: readers see it only once the time passes.
        "slug": "koperasi-nelayan-muda-berjualan-lewat-pesan-singkat",
        "title": "Koperasi Nelayan Muda Belajar Berjualan Lewat Pesan Singkat",
        "category": "ekonomi",
        "author": "sari",
        "dateline": "Medan",
        "status": "published",
        "published_offset": timedelta(days=3),
        "lead": (
            "<p>Sekelompok nelayan muda di pesisir timur membentuk koperasi "
            "kecil untuk menjual hasil tangkapan langsung ke rumah tangga. "
            "Pesanan dikumpulkan lewat grup percakapan sejak malam "
            "sebelumnya.</p>"
        ),
        "key_points": [
            "Pesanan dikumpulkan malam hari, ikan diantar pagi setelah kapal merapat.",
            "Koperasi mencatat harga harian agar pembeli dan nelayan sama-sama tahu.",
            "Keuntungan sebagian disisihkan untuk perawatan perahu bersama.",
        ],
        "summary_source": "human",
        "tags": ["umkm", "nelayan", "koperasi"],
        "hero_image": {
            "palette": "harbour",
            "alt_text": (
                "Ilustrasi abstrak gelombang biru dengan bentuk segitiga jingga "
                "seperti layar perahu"
            ),
            "caption": "Perahu nelayan bersandar di dermaga pagi hari",
            "credit": "Putri Siregar",
            "source": "Dok. koperasi",
            "source_url": "",
        },
        "sections": [
            {
                "heading": "Dari dermaga langsung ke dapur",
                "body": (
                    "<p>Sebelumnya, hasil tangkapan dijual ke pengepul dengan "
                    "harga yang ditentukan sepihak. Dengan pesanan yang sudah "
                    "pasti, nelayan bisa memperkirakan berapa yang perlu "
                    "ditangkap.</p>"
                ),
            },
            {
                "heading": "Belajar mencatat bersama",
                "body": (
                    "<p>Setiap anggota bergantian mencatat pesanan dan "
                    "pembayaran. Catatan itu dibacakan ulang saat rapat "
                    "mingguan di balai nelayan.</p>"
                ),
            },
        ],
    },
]
