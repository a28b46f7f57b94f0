"""Demo articles still on the desk: drafts, submissions and reviews in progress.

Each one is taken to its ``status`` like the published ones (see ``published``);
``review_note`` is the editor's note for ``changes_requested``.
"""

ON_THE_DESK = [
    {
        "slug": "tips-menghemat-baterai-ponsel-saat-mudik",
        "title": "Tips Menghemat Baterai Ponsel Saat Mudik",
        "category": "sains-teknologi",
        "author": "bayu",
        "dateline": "Jakarta",
        "status": "submitted",
        "lead": (
            "<p>Perjalanan mudik yang panjang sering membuat ponsel kehabisan "
            "daya justru ketika paling dibutuhkan. Beberapa pengaturan sederhana "
            "bisa memperpanjang umur baterai hingga tiba di kampung halaman.</p>"
        ),
        "key_points": [
            "Turunkan kecerahan layar dan nyalakan mode hemat daya.",
            "Unduh peta sebelum berangkat agar tidak terus mencari sinyal.",
            "Bawa pengisi daya cadangan yang sudah terisi penuh.",
        ],
        # Machine-written and not yet checked: approval must wait for an editor.
        "summary_source": "llm",
        "tags": ["mudik", "ponsel", "tips"],
        "hero_image": {
            "palette": "battery",
            "alt_text": (
                "Ilustrasi abstrak biru malam dengan garis toska dan kotak kuning "
                "seperti indikator baterai"
            ),
            "caption": "Ponsel diisi daya di ruang tunggu terminal bus",
            "credit": "Fajar Ramadhan",
            "source": "Dok. pribadi",
            "source_url": "",
        },
        "sections": [
            {
                "heading": "Atur layar dan sinyal",
                "body": (
                    "<p>Layar adalah penguras daya terbesar. Kecerahan otomatis "
                    "dan mode gelap membantu, begitu pula mematikan data seluler "
                    "ketika melewati daerah tanpa sinyal.</p>"
                ),
            },
            {
                "heading": "Siapkan cadangan",
                "body": (
                    "<p>Pengisi daya cadangan sebaiknya diisi penuh sehari "
                    "sebelum berangkat, lengkap dengan kabel yang cocok.</p>"
                ),
            },
        ],
    },
    {
        "slug": "resep-sambal-matah-versi-anak-kos",
        "title": "Resep Sambal Matah Versi Anak Kos",
        "category": "gaya-hidup",
        "author": "sari",
        "dateline": "Denpasar",
        "status": "draft",
        "lead": (
            "<p>Tidak punya ulekan bukan alasan untuk tidak makan sambal. "
            "Sambal matah cukup diiris dan diaduk, cocok untuk dapur kos yang "
            "serba terbatas.</p>"
        ),
        "key_points": [
            "Cukup pisau, talenan, dan mangkuk.",
            "Minyak kelapa panas membuat aromanya keluar.",
        ],
        "summary_source": "human",
        "tags": ["resep", "kuliner"],
        "sections": [
            {
                "heading": "Bahan-bahan",
                "body": (
                    "<p>Bawang merah, cabai rawit, serai, daun jeruk, garam, "
                    "perasan jeruk limau, dan dua sendok makan minyak "
                    "kelapa.</p>"
                ),
            },
        ],
    },
    {
        "slug": "harga-cabai-naik-turun-ini-siasat-pedagang-pasar-pagi",
        "title": "Harga Cabai Naik Turun, Ini Siasat Pedagang Pasar Pagi",
        "category": "ekonomi",
        "author": "bayu",
        "dateline": "Malang",
        "status": "in_review",
        "lead": (
            "<p>Dalam sebulan terakhir, harga cabai rawit di Pasar Pagi Sumber "
            "Rejeki berubah hampir setiap hari. Pedagang kecil punya cara "
            "sendiri agar pelanggan tidak lari.</p>"
        ),
        "key_points": [
            "Pedagang menjual cabai dalam bungkus kecil dengan harga tetap.",
            "Sebagian beralih menawarkan cabai kering saat harga segar melonjak.",
        ],
        "summary_source": "human",
        "tags": ["harga pangan", "pasar", "umkm"],
        "hero_image": {
            "palette": "market",
            "alt_text": (
                "Ilustrasi abstrak merah dan jingga bertumpuk seperti tumpukan "
                "cabai di lapak pasar"
            ),
            "caption": "Tumpukan cabai rawit di lapak Pasar Pagi Sumber Rejeki",
            "credit": "Bayu Nugroho",
            "source": "Newsroom",
            "source_url": "",
        },
        "sections": [
            {
                "heading": "Bungkus kecil, harga tetap",
                "body": (
                    "<p>Alih-alih mengubah harga per kilo, pedagang menjual "
                    "bungkus seharga lima ribu rupiah yang isinya menyesuaikan "
                    "harga hari itu.</p>"
                ),
            },
            {
                "heading": "Cabai kering sebagai cadangan",
                "body": (
                    "<p>Saat harga cabai segar melonjak, cabai kering yang "
                    "dijemur sendiri menjadi pilihan yang lebih murah bagi "
                    "pelanggan warung makan.</p>"
                ),
            },
        ],
    },
    {
        # A second story waiting in the editors' review queue.
        "slug": "perpustakaan-sepeda-kargo-menyapa-anak-anak-di-gang-sempit",
        "title": "Perpustakaan Sepeda Kargo Menyapa Anak-anak di Gang Sempit",
        "category": "gaya-hidup",
        "author": "sari",
        "dateline": "Bogor",
        "status": "submitted",
        "lead": (
            "<p>Setiap Sabtu pagi, sebuah sepeda kargo bercat kuning masuk ke "
            "gang-gang sempit di Kelurahan Cibeureum Hilir. Bak depannya penuh "
            "buku cerita, dan anak-anak sudah menunggu di ujung gang.</p>"
        ),
        "key_points": [
            "Taman Baca Kenari membawa sekitar seratus buku dengan sepeda kargo.",
            "Anak-anak boleh meminjam dua buku dan mengembalikannya pekan depan.",
            "Buku baru datang dari sumbangan warga yang dikumpulkan di pos ronda.",
        ],
        "summary_source": "human",
        "tags": ["literasi", "anak", "komunitas"],
        "hero_image": {
            "palette": "bookcycle",
            "alt_text": (
                "Ilustrasi abstrak krem dan cokelat dengan lingkaran hijau tua "
                "seperti roda sepeda di depan rak buku"
            ),
            "caption": "Sepeda kargo Taman Baca Kenari berhenti di mulut gang",
            "credit": "Wening Lestari",
            "source": "Dok. Taman Baca Kenari",
            "source_url": "",
        },
        "sections": [
            {
                "heading": "Gang yang tak bisa dimasuki mobil",
                "body": (
                    "<p>Mobil perpustakaan keliling milik kota hanya bisa "
                    "berhenti di jalan besar. Sepeda kargo dipilih karena muat "
                    "melewati gang selebar satu meter dan bisa diparkir di "
                    "depan rumah warga.</p>"
                    "<blockquote><p>“Kalau bukunya yang datang, anak-anak tidak "
                    "perlu izin orang tua untuk menyeberang jalan raya,” kata "
                    "Wening Lestari, pengelola Taman Baca Kenari.</p>"
                    "</blockquote>"
                ),
            },
            {
                "heading": "Pinjam dua, kembalikan pekan depan",
                "body": (
                    "<p>Aturannya sederhana: setiap anak boleh membawa pulang "
                    "dua buku. Nama peminjam dicatat di buku tulis yang "
                    "diikat di setang sepeda.</p>"
                    "<p>Buku yang rusak tidak didenda. Relawan justru mengajak "
                    "anak-anak menambalnya bersama dengan selotip bening.</p>"
                ),
            },
        ],
    },
    {
        # Sent back to the writer: a claim in the lead needs a source.
        "slug": "bank-sampah-sekolah-ubah-botol-plastik-jadi-tabungan-siswa",
        "title": "Bank Sampah Sekolah Ubah Botol Plastik Jadi Tabungan Siswa",
        "category": "ekonomi",
        "author": "sari",
        "dateline": "Palembang",
        "status": "changes_requested",
        "review_note": (
            "Terima kasih, ceritanya menarik. Klaim bahwa sampah plastik di "
            "sekolah turun hingga setengahnya perlu sumber: siapa yang "
            "menghitung, dan dibandingkan dengan kapan? Mohon tambahkan nama "
            "narasumber atau catatan dari pengelola bank sampah, lalu kirim "
            "ulang."
        ),
        "lead": (
            "<p>Siswa SD Negeri Sungai Batang kini datang ke sekolah membawa "
            "kantong berisi botol plastik. Setiap Jumat, botol itu ditimbang "
            "dan nilainya dicatat di buku tabungan masing-masing.</p>"
            "<p>Sejak bank sampah dibuka, sampah plastik di sekolah disebut "
            "berkurang hingga setengahnya.</p>"
        ),
        "key_points": [
            "Botol plastik ditimbang setiap Jumat dan dicatat sebagai tabungan.",
            "Tabungan bisa dicairkan untuk membeli alat tulis di koperasi sekolah.",
            "Sampah plastik di sekolah disebut turun hingga setengahnya.",
        ],
        "summary_source": "human",
        "tags": ["lingkungan", "sekolah", "tabungan"],
        "hero_image": {
            "palette": "recycling",
            "alt_text": (
                "Ilustrasi abstrak hijau tua dan hijau muda dengan bentuk bulat "
                "seperti tumpukan botol"
            ),
            "caption": "Karung berisi botol plastik siap ditimbang",
            "credit": "Sari Wulandari",
            "source": "Newsroom",
            "source_url": "",
        },
        "sections": [
            {
                "heading": "Ditimbang setiap Jumat",
                "body": (
                    "<p>Penimbangan dilakukan setelah senam pagi. Dua siswa "
                    "kelas enam bergiliran menjadi petugas pencatat, "
                    "didampingi seorang guru.</p>"
                ),
            },
            {
                "heading": "Dari botol menjadi buku tulis",
                "body": (
                    "<p>Saldo tabungan tidak dibayarkan dalam bentuk uang "
                    "tunai. Siswa menukarnya dengan buku tulis, pensil, atau "
                    "krayon di koperasi sekolah.</p>"
                    "<blockquote><p>“Anak-anak jadi ikut memungut botol di "
                    "jalan pulang,” ujar Bu Hartini, wali kelas empat.</p>"
                    "</blockquote>"
                ),
            },
        ],
    },
]
