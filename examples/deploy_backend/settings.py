"""Application settings from ``settings.env`` next to this file, overridable by env vars."""
import os
from dataclasses import dataclass
from pathlib import Path

ENV_FILE = Path(__file__).parent / "settings.env"


@dataclass(frozen=True)
class Settings:
    app_name: str
    environment: str
    docs_dir: str
    chunk_size: int
    api_key: str
    log_level: str = "INFO"

    @property
    def is_production(self):
        return self.environment == "production"


def parse_env_file(text):
    """Parse ``KEY=VALUE`` lines; blank lines and ``#`` comments are ignored, quotes stripped."""
    values = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"line {number}: expected KEY=VALUE, got {line!r}")
        values[key.strip()] = value.strip().strip("\"'")
    return values


def load_settings(path=None, environ=None):
    """Settings from ``path`` (default: ``ENV_FILE``) with ``environ`` taking precedence."""
    environ = os.environ if environ is None else environ
    values = parse_env_file(Path(path or ENV_FILE).read_text(encoding="utf-8"))
    merged = {key: environ.get(key, value) for key, value in values.items()}
    missing = {"APP_NAME", "ENVIRONMENT", "DOCS_DIR", "CHUNK_SIZE", "API_KEY"} - merged.keys()
    if missing:
        raise KeyError(f"missing settings: {', '.join(sorted(missing))}")
    return Settings(
        app_name=merged["APP_NAME"],
        environment=merged["ENVIRONMENT"],
        docs_dir=merged["DOCS_DIR"],
        chunk_size=int(merged["CHUNK_SIZE"]),
        api_key=merged["API_KEY"],
        log_level=merged.get("LOG_LEVEL", "INFO"),
    )
