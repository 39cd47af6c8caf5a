"""Configures stdlib logging for the backend (no timestamps: output is reproducible)."""
import logging
import logging.config
import os

LOGGER_NAME = "backend"
FORMAT = "%(levelname)s %(name)s: %(message)s"


def build_config(level="INFO"):
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"plain": {"format": FORMAT}},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stderr"},
        },
        "loggers": {LOGGER_NAME: {"handlers": ["console"], "level": level, "propagate": False}},
    }


def configure_logging(level=None):
    """Apply the logging config (``$LOG_LEVEL`` or INFO) and return the root backend logger."""
    level = (level or os.environ.get("LOG_LEVEL") or "INFO").upper()
    if level not in logging.getLevelNamesMapping():
        raise ValueError(f"unknown log level {level!r}")
    logging.config.dictConfig(build_config(level))
    return logging.getLogger(LOGGER_NAME)


def get_logger(name):
    """A child of the backend logger, e.g. ``get_logger("api")`` -> ``backend.api``."""
    return logging.getLogger(f"{LOGGER_NAME}.{name}")
