"""Log formatting: one line per event, JSON lines in production, text on a laptop.

``logging_config()`` builds the LOGGING setting. Only the root logger has a
handler; Django's loggers keep none of their own and propagate, so each record
is written exactly once.
"""

import datetime
import json
import logging


class JSONFormatter(logging.Formatter):
    """Format a record as one JSON object on one line."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "timestamp": datetime.datetime.fromtimestamp(
                record.created, tz=datetime.UTC
            ).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def logging_config(*, log_format: str, level: str) -> dict:
    """Return a LOGGING dict: one stream handler on the root logger, nothing else."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "newsroom.request_id.RequestIDFilter"}},
        "formatters": {
            "json": {"()": "newsroom.logs.JSONFormatter"},
            "text": {"format": TEXT_FORMAT},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                "formatter": "json" if log_format == "json" else "text",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        # Django's default config gives "django" and "django.server" their own
        # handlers; with ours on the root that printed every warning twice.
        # Here they have none and propagate to the root handler.
        "loggers": {
            "django": {"handlers": [], "level": level, "propagate": True},
            "django.server": {"handlers": [], "level": level, "propagate": True},
        },
    }


def init_sentry(dsn: str, *, environment: str, traces_sample_rate: float) -> None:
    """Report errors to Sentry (imported only when a DSN is configured)."""
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        environment=environment or None,
        traces_sample_rate=traces_sample_rate,
    )
