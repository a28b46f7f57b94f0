# Newsroom's production image: gunicorn serving newsroom.wsgi by default; the
# same image runs the task worker and one-off commands (docker-compose.yml).
# Debian trixie's postgresql-client (17) can dump the PostgreSQL 16 server,
# which `make backup` / scripts/backup.py need; bookworm's 15 cannot.
FROM python:3.11-slim-trixie

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/media \
    BACKUP_DIR=/app/backups \
    WEB_CONCURRENCY=3

RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 newsroom \
    && useradd --system --uid 10001 --gid newsroom --home-dir /app \
        --no-create-home --shell /usr/sbin/nologin newsroom

WORKDIR /app

# Dependencies first, so a code change does not reinstall them.
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

# The code stays owned by root: the app user can read it, not change it.
COPY . .

# The dummy key and host exist only for this step (settings refuse to start
# with DEBUG off without them); they are not in the image's environment.
RUN DEBUG=False \
    SECRET_KEY=build-time-only-collectstatic-key-never-used-at-runtime-0000 \
    ALLOWED_HOSTS=build.invalid \
    python manage.py collectstatic --noinput \
    && mkdir -p /app/media /app/backups /srv/static \
    && chown newsroom:newsroom /app/media /app/backups /srv/static

USER newsroom
EXPOSE 8000
ENTRYPOINT ["/app/deploy/entrypoint.sh"]
# gunicorn reads its worker count from WEB_CONCURRENCY (default above: 3).
CMD ["gunicorn", "newsroom.wsgi", "--bind", "0.0.0.0:8000", "--timeout", "30"]
