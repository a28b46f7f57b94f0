"""Deployment files: the image, the compose stack, nginx and the documented variables."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
LONG_RUNNING = ["db", "redis", "web", "worker", "nginx"]
APP_SERVICES = ["migrate", "web", "worker", "demo"]
SECRET_NAME = re.compile(r"SECRET|PASSWORD|TOKEN|DSN|ACCESS_KEY")
REQUIRED = re.compile(r"^\$\{(\w+):\?[^}]+\}$")


def dockerfile_instructions():
    """(instruction, arguments) pairs of the Dockerfile, continuation lines joined."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines()]
    return [
        tuple(line.split(None, 1))
        for line in lines
        if line and not line.startswith("#")
    ]


def command_text(service):
    command = SERVICES[service].get("command", "")
    return " ".join(command) if isinstance(command, list) else command


def test_the_stack_has_web_worker_postgres_redis_and_nginx():
    """The services of the production picture, on the versions the issue names."""
    assert set(LONG_RUNNING) <= set(SERVICES)
    assert SERVICES["db"]["image"] == "postgres:16"
    assert SERVICES["redis"]["image"] == "redis:7"
    assert SERVICES["nginx"]["image"].startswith("nginx:")
    for service in APP_SERVICES:
        assert SERVICES[service]["build"] == "."
        assert SERVICES[service]["image"] == "newsroom:latest"


@pytest.mark.parametrize("service", LONG_RUNNING)
def test_every_long_running_service_has_a_healthcheck(service):
    """Compose (and whoever orchestrates it) can tell when each service is healthy."""
    test = SERVICES[service]["healthcheck"]["test"]
    assert test[0] in {"CMD", "CMD-SHELL"}


def test_web_is_healthy_when_healthz_answers():
    """The web healthcheck runs deploy/healthcheck.py web, which asks /healthz."""
    assert SERVICES["web"]["healthcheck"]["test"][-1] == "web"
    assert "/healthz" in (ROOT / "deploy" / "healthcheck.py").read_text()


@pytest.mark.parametrize(
    "allowed_hosts, host",
    [
        ("news.example.org,www.example.org", "news.example.org"),
        (".example.org", "example.org"),
        ("*", "localhost"),
        ("", "localhost"),
    ],
)
def test_the_web_healthcheck_sends_a_host_the_settings_accept(allowed_hosts, host):
    """The container probe works whatever domain the site is configured for."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "healthcheck", ROOT / "deploy" / "healthcheck.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.probe_host(allowed_hosts) == host


def test_web_and_worker_wait_for_migrations_and_healthy_services():
    """Migrations run once, before any web or worker process starts."""
    assert command_text("migrate") == "python manage.py migrate --noinput"
    for service in ["web", "worker"]:
        depends = SERVICES[service]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully"
        assert depends["db"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"


def test_worker_runs_the_rq_worker_of_the_same_image():
    """The worker is the web image running django-tasks' jobs on RQ, delays included."""
    assert command_text("worker") == (
        "python manage.py rqworker default --with-scheduler "
        "--job-class django_tasks_rq.backend.Job"
    )
    assert "command" not in SERVICES["web"]  # the image's gunicorn


@pytest.mark.parametrize("service", ["web", "worker", "migrate"])
def test_app_services_run_with_production_settings(service):
    """DEBUG off, PostgreSQL and Redis of the stack, the RQ task backend."""
    environment = SERVICES[service]["environment"]
    assert environment["DEBUG"] == "False"
    assert environment["DATABASE_URL"].startswith("postgres://newsroom:")
    assert environment["DATABASE_URL"].endswith("@db:5432/newsroom")
    assert environment["CACHE_URL"] == "redis://redis:6379/1"
    assert environment["TASKS_BACKEND"] == "rq"
    assert environment["SECRET_KEY"] == "${SECRET_KEY:?set SECRET_KEY in .env}"
    assert REQUIRED.match(environment["ALLOWED_HOSTS"])


def _all_environment_values():
    for name, service in SERVICES.items():
        for key, value in (service.get("environment") or {}).items():
            yield name, key, str(value)


def test_no_secret_is_written_in_the_compose_file():
    """Every secret-looking value is a required ${VAR:?...} from .env, never a literal."""
    for service, key, value in _all_environment_values():
        if SECRET_NAME.search(key):
            assert REQUIRED.match(value), (service, key, value)
        if "://" in value and "@" in value:
            credentials = value.split("://", 1)[1].split("@", 1)[0]
            password = credentials.split(":", 1)[1]
            assert REQUIRED.match(password), (service, key, value)
    text = (ROOT / "docker-compose.yml").read_text().lower()
    assert "change-me" not in text


def test_demo_data_only_through_the_demo_profile():
    """seed_demo runs only in a service behind an explicit profile."""
    for name, service in SERVICES.items():
        if "seed_demo" in command_text(name):
            assert service.get("profiles") == ["demo"], name
        else:
            assert "profiles" not in service, name
    assert "seed_demo" in command_text("demo")


def test_nginx_serves_files_from_the_shared_volumes():
    """Static files and media reach nginx through the volumes web writes."""
    volumes = SERVICES["nginx"]["volumes"]
    assert "static:/srv/static:ro" in volumes
    assert "media:/srv/media:ro" in volumes
    assert "static:/srv/static" in SERVICES["web"]["volumes"]
    assert "media:/app/media" in SERVICES["web"]["volumes"]
    assert "media:/app/media" in SERVICES["worker"]["volumes"]
    assert SERVICES["web"]["environment"]["STATIC_EXPORT_DIR"] == "/srv/static"


def test_nginx_config_proxies_with_forwarded_headers_and_keeps_cache_control():
    """Proxy headers set, gzip on, and the app's Cache-Control left alone."""
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    for line in [
        "proxy_pass http://newsroom_web;",
        "proxy_set_header Host $host;",
        "proxy_set_header X-Forwarded-Host $host;",
        "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
        "proxy_set_header X-Forwarded-Proto $forwarded_proto;",
        "proxy_set_header X-Real-IP $remote_addr;",
        "server web:8000;",
        "gzip on;",
        "alias /srv/static/;",
        "alias /srv/media/;",
    ]:
        assert line in conf, line
    code = "\n".join(line.split("#")[0] for line in conf.splitlines())
    assert "proxy_hide_header" not in code
    assert "proxy_ignore_headers" not in code


def test_the_image_runs_gunicorn_as_a_user_without_root():
    """Slim Python 3.11, pinned requirements, a non-root USER, gunicorn by default."""
    instructions = dockerfile_instructions()
    assert instructions[0][0] == "FROM"
    assert instructions[0][1].startswith("python:3.11-slim")
    users = [args for name, args in instructions if name == "USER"]
    assert users and users[-1] not in {"root", "0"}
    runs = " ".join(args for name, args in instructions if name == "RUN")
    assert "pip install --no-cache-dir -r requirements.txt" in runs
    cmd = dict(instructions)["CMD"]
    assert cmd.startswith('["gunicorn", "newsroom.wsgi"')
    assert "WEB_CONCURRENCY=" in dict(instructions)["ENV"]


def test_the_build_time_secret_is_given_to_collectstatic_only():
    """The dummy SECRET_KEY lives in the collectstatic step, never in ENV or ARG."""
    instructions = dockerfile_instructions()
    for name, args in instructions:
        if name in {"ENV", "ARG"}:
            assert "SECRET_KEY" not in args and "ALLOWED_HOSTS" not in args
    steps = [args for name, args in instructions if "SECRET_KEY=" in args]
    assert len(steps) == 1
    assert "collectstatic --noinput" in steps[0]
    assert "DEBUG=False" in steps[0]


def test_dockerignore_keeps_secrets_and_local_data_out_of_the_image():
    """No .env, git history, virtualenv or local database in the build context."""
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    for entry in [".env", ".git", ".venv", "db.sqlite3*", "media/"]:
        assert entry in ignored


def test_the_entrypoint_is_executable():
    """The image's ENTRYPOINT can run."""
    assert os.access(ROOT / "deploy" / "entrypoint.sh", os.X_OK)


def _settings_variables():
    settings = (ROOT / "newsroom" / "settings.py").read_text()
    names = set(re.findall(r"env(?:\.\w+)?\(\s*\"([A-Z][A-Z0-9_]+)\"", settings))
    names |= set(re.findall(r"\"([A-Z][A-Z0-9_]+)\" in env", settings))
    storage = (ROOT / "newsroom" / "media_storage.py").read_text()
    names |= set(re.findall(r"\"(AWS_[A-Z0-9_]+)\"", storage))
    return names


def test_env_example_documents_every_variable_the_settings_read():
    """Each variable read in settings.py (and the S3 choice) has a line in .env.example."""
    example = (ROOT / ".env.example").read_text()
    documented = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", example, re.MULTILINE))
    variables = _settings_variables()
    assert {"SECRET_KEY", "DATABASE_URL", "AWS_STORAGE_BUCKET_NAME"} <= variables
    assert variables - documented == set()
    compose = (ROOT / "docker-compose.yml").read_text()
    assert set(re.findall(r"\$\{(\w+)", compose)) - documented == set()


def test_env_example_leaves_the_required_values_empty():
    """Copying .env.example as is must not start a stack with a known secret."""
    example = (ROOT / ".env.example").read_text().splitlines()
    for name in ["SECRET_KEY", "ALLOWED_HOSTS", "POSTGRES_PASSWORD"]:
        assert f"{name}=" in example


DOCKER_COMPOSE = shutil.which("docker-compose")


def _compose_config(tmp_path, env_text):
    shutil.copy(ROOT / "docker-compose.yml", tmp_path / "docker-compose.yml")
    (tmp_path / ".env").write_text(env_text)
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "POSTGRES_PASSWORD"}
    }
    return subprocess.run(
        [DOCKER_COMPOSE, "config", "-q"],
        cwd=tmp_path,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.skipif(not DOCKER_COMPOSE, reason="docker-compose is not installed")
def test_docker_compose_accepts_the_file_with_a_complete_env(tmp_path):
    """`docker-compose config -q` validates the file once .env has the required values."""
    result = _compose_config(
        tmp_path,
        "SECRET_KEY=dummy-secret-for-config-check\n"
        "ALLOWED_HOSTS=news.example.org\n"
        "POSTGRES_PASSWORD=dummy-password\n",
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(not DOCKER_COMPOSE, reason="docker-compose is not installed")
def test_docker_compose_refuses_to_start_without_a_secret_key(tmp_path):
    """Without SECRET_KEY in .env compose stops and says what to set."""
    result = _compose_config(
        tmp_path, "ALLOWED_HOSTS=news.example.org\nPOSTGRES_PASSWORD=dummy-password\n"
    )
    assert result.returncode != 0
    assert "set SECRET_KEY in .env" in result.stderr
