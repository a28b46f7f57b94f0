"""``make prod-smoke``: the production shape, run for real on loopback.

Starts a private PostgreSQL cluster and a private Redis (so stopping them
harms nothing else), migrates, collects static files, seeds the demo, then
runs gunicorn with DEBUG off and an RQ task worker, as docker-compose does.
It visits every page type, walks one editorial loop over HTTP (a writer
submits an article with a hero image, an editor starts the review, approves
and publishes it, an anonymous reader sees the page with the renditions the
worker made), and then breaks things: Redis stopped while serving (pages
still 200, a login still works), PostgreSQL restarted while serving (a
friendly 503 during the outage, recovery without a restart of the site).
Everything it starts is stopped on exit. Exit status 0 when every check held.
"""

import io
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from smoke_client import Browser

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG_BIN = next(Path("/usr/lib/postgresql").glob("*/bin"), None)
# The demo accounts of editorial/demo/people.py.
WRITER, EDITOR = ("sari", "writer-demo-2026"), ("editor", "editor-demo-2026")
FLAGSHIP = "/sains-teknologi/lima-langkah-memeriksa-kabar-viral/"

checks: list[str] = []


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def say(message: str) -> None:
    print(f"prod-smoke: {message}", flush=True)


def check(condition: bool, what: str) -> None:
    if not condition:
        raise AssertionError(what)
    checks.append(what)
    say(f"ok  {what}")


class Stack:
    """The processes of the production shape, started and stopped together."""

    def __init__(self, work: Path):
        self.work = work
        self.pg_port, self.redis_port, self.web_port = (free_port() for _ in "123")
        self.processes: dict[str, subprocess.Popen] = {}
        self.env = {
            **os.environ,
            "DEBUG": "False",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "False",
            "SITE_URL": f"https://127.0.0.1:{self.web_port}",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{self.pg_port}/newsroom",
            "CACHE_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/1",
            "TASKS_BACKEND": "rq",
            "CONN_MAX_AGE": "60",
            "MEDIA_ROOT": str(work / "media"),
            "STATIC_ROOT": str(work / "static"),
        }

    # -- services ----------------------------------------------------------

    def start_postgres(self) -> None:
        for folder in ("pg", "pgrun"):  # data; log and socket
            (self.work / folder).mkdir()
            shutil.chown(self.work / folder, "postgres", "postgres")
        data = self.work / "pg"
        self.as_postgres(
            PG_BIN / "initdb", "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8"
        )
        self.pg_ctl("start", "-w")
        subprocess.run(
            ["createdb", "-h", "127.0.0.1", "-p", str(self.pg_port), "-U", "postgres",
             "newsroom"],
            check=True,
        )  # fmt: skip

    def pg_ctl(self, action: str, *extra: str) -> None:
        run = self.work / "pgrun"
        options = f"-p {self.pg_port} -k {run} -c listen_addresses=127.0.0.1"
        self.as_postgres(
            PG_BIN / "pg_ctl", action, "-D", self.work / "pg", "-l",
            run / "postgresql.log", "-o", options, *extra,
        )  # fmt: skip

    def as_postgres(self, *command) -> None:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", *map(str, command)],
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def start_redis(self) -> None:
        self.spawn(
            "redis",
            ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no"],
        )  # fmt: skip
        wait_until(lambda: port_open(self.redis_port), "redis", 10)

    def stop_redis(self) -> None:
        self.stop("redis")

    def manage(self, *args: str) -> None:
        subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def start_web(self) -> None:
        self.spawn(
            "web",
            [PYTHON, "-m", "gunicorn", "newsroom.wsgi", "--workers", "2",
             "--bind", f"127.0.0.1:{self.web_port}", "--timeout", "30"],
        )  # fmt: skip
        wait_until(lambda: port_open(self.web_port), "gunicorn", 30)

    def start_worker(self) -> None:
        self.spawn(
            "worker",
            [
                PYTHON,
                "manage.py",
                "rqworker",
                "default",
                "--with-scheduler",
                "--job-class",
                "django_tasks_rq.backend.Job",
            ],
        )

    def spawn(self, name: str, command: list[str]) -> None:
        log = open(self.work / f"{name}.log", "ab")  # noqa: SIM115
        self.processes[name] = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=log, stderr=log
        )

    def stop(self, name: str) -> None:
        process = self.processes.pop(name, None)
        if process and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()

    def close(self) -> None:
        for name in list(self.processes):
            self.stop(name)
        if (self.work / "pg" / "postmaster.pid").exists():
            try:
                self.pg_ctl("stop", "-m", "fast")
            except subprocess.CalledProcessError:
                pass


def port_open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.3)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def wait_until(condition, what: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"{what} did not come up within {seconds} s")


def photo() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1600, 900), (30, 90, 160))
    ImageDraw.Draw(image).rectangle([500, 200, 1100, 700], fill=(220, 40, 40))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


# -- the visit ---------------------------------------------------------------


def visit_every_page_type(reader: Browser) -> None:
    status, _headers, _home = reader.get("/")
    check(status == 200, "home page 200")
    pages = {
        "article page": FLAGSHIP,
        "category page": "/sains-teknologi/",
        "tag page": "/tag/hoaks/",
        "author page": "/author/sari/",
        "search": "/search/?q=sumber",
        "RSS feed": "/feeds/rss/",
        "sitemap": "/sitemap.xml",
        "news sitemap": "/news-sitemap.xml",
        "robots.txt": "/robots.txt",
        "portal login": "/write/login/",
        "admin login": "/admin/login/",
        "JSON API articles": "/api/v1/articles/?page_size=2",
        "JSON API article": "/api/v1/articles/by-slug/" + FLAGSHIP.split("/")[2] + "/",
        "JSON API tags": "/api/v1/tags/",
        "OpenAPI schema": "/api/v1/openapi.json",
        "API docs": "/api/v1/docs/",
    }
    for name, path in pages.items():
        status, _headers, _body = reader.get(path)
        check(status == 200, f"{name} {path} 200")
    status, _headers, body = reader.get("/no-such-page-here/")
    check(status == 404 and "Traceback" not in body, "unknown page is the site's 404")
    status, _headers, docs = reader.get("/api/v1/docs/")
    assets = re.findall(r'(?:src|href)="(/static/[^"]+\.(?:js|css))"', docs)
    check(
        len(assets) >= 3 and all(reader.get(url)[0] == 200 for url in assets),
        "API docs load Swagger UI from our static files",
    )


def editorial_loop(stack: Stack) -> str:
    writer = Browser(stack.web_port)
    check(writer.log_in("/write/login/", *WRITER) == 302, "writer logs in")
    writer.get("/write/new/")
    status, headers, _body = writer.post(
        "/write/new/",
        {
            "title": "Warga Menanam Bakau di Pesisir Utara",
            "category": "1",
            "dateline": "Semarang",
            "lead": "<p>Ratusan warga menanam bakau di pesisir utara.</p>",
            "tags": "bakau, pesisir",
            "key_points": "Ratusan warga ikut menanam.\nBakau menahan abrasi.",
            "hero-alt_text": "Bibit bakau di lumpur pantai",
            "hero-caption": "Bibit bakau",
            "hero-credit": "Tim Warga",
            "hero-source": "dokumentasi warga",
            "sections-TOTAL_FORMS": "1",
            "sections-INITIAL_FORMS": "0",
            "sections-MIN_NUM_FORMS": "0",
            "sections-MAX_NUM_FORMS": "30",
            "sections-0-heading": "Mengapa bakau",
            "sections-0-body": "<p>Akar bakau menahan ombak dan lumpur.</p>",
            "sections-0-ORDER": "1",
            "intent": "save",
        },
        files={"hero-file": ("bakau.jpg", photo(), "image/jpeg")},
    )
    check(status == 302, "writer saves a draft with a hero image")
    pk = re.search(r"/write/(\d+)/", headers["Location"]).group(1)
    status, _headers, _body = writer.post(f"/write/{pk}/do/submit/", {})
    check(status == 302, "writer submits it for review")

    editor = Browser(stack.web_port)
    check(editor.log_in("/admin/login/", *EDITOR) == 302, "editor logs in to the desk")
    editor.get(f"/admin/articles/article/{pk}/change/")
    for action in ["start_review", "approve", "publish"]:
        status, _headers, _body = editor.post(
            f"/admin/articles/article/{pk}/workflow/{action}/", {}
        )
        check(status == 302, f"editor: {action}")
    return pk


def reader_sees_the_article(stack: Stack) -> None:
    reader = Browser(stack.web_port)

    def renditions_ready() -> bool:
        status, _headers, body = reader.get("/")
        match = re.search(r'href="(/[a-z0-9-]+/warga-menanam-bakau[a-z0-9-]*/)"', body)
        if status != 200 or not match:
            return False
        status, _headers, page = reader.get(match.group(1))
        return status == 200 and "srcset=" in page and "Mengapa bakau" in page

    wait_until(renditions_ready, "the published article with renditions", 60)
    check(True, "reader sees the published article with srcset renditions")


def faults(stack: Stack) -> None:
    reader = Browser(stack.web_port)
    stack.stop_redis()
    status, _headers, _body = reader.get("/")
    check(status == 200, "Redis stopped: the home page still answers 200")
    status, _headers, _body = reader.get("/search/?q=bakau")
    check(status == 200, "Redis stopped: search still answers 200")
    status, _headers, _body = reader.get("/api/v1/articles/")
    check(status == 200, "Redis stopped: the JSON API still answers 200")
    check(
        Browser(stack.web_port).log_in("/write/login/", *WRITER) == 302,
        "Redis stopped: a writer can still log in",
    )
    stack.start_redis()
    check(reader.get("/")[0] == 200, "Redis back: pages as before, no restart")

    stack.pg_ctl("stop", "-m", "fast", "-w")
    status, headers, body = reader.get("/author/sari/")
    check(
        status == 503 and headers.get("Retry-After") and "Traceback" not in body,
        "PostgreSQL down: a friendly 503 with Retry-After",
    )
    stack.pg_ctl("start", "-w")
    wait_until(lambda: reader.get("/author/sari/")[0] == 200, "recovery", 30)
    check(True, "PostgreSQL back: the site recovers by itself")


def main() -> int:
    if os.geteuid() != 0 or PG_BIN is None or not shutil.which("redis-server"):
        say("needs root, PostgreSQL's server binaries and redis-server")
        return 1
    work = Path(tempfile.mkdtemp(prefix="newsroom-smoke-"))
    os.chmod(work, 0o755)
    stack = Stack(work)
    try:
        say(f"working in {work}")
        stack.start_postgres()
        stack.start_redis()
        stack.manage("migrate", "--noinput")
        stack.manage("collectstatic", "--noinput")
        stack.manage("seed_demo")
        stack.start_web()
        stack.start_worker()
        visit_every_page_type(Browser(stack.web_port))
        editorial_loop(stack)
        reader_sees_the_article(stack)
        faults(stack)
    except Exception as error:  # noqa: BLE001 - reported with the logs
        say(f"FAILED: {error}")
        for log in sorted(work.glob("**/*.log")):
            say(f"--- last lines of {log.name}")
            print("\n".join(log.read_text(errors="replace").splitlines()[-25:]))
        return 1
    finally:
        stack.close()
    say(f"{len(checks)} passed, 0 failed")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
