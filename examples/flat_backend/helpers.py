"""Small text utilities used across the backend."""
import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_WHITESPACE = re.compile(r"\s+")


def slugify(text, max_length=40):
    """ASCII, lower-case, dash-separated slug: ``"Hello, World!" -> "hello-world"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NON_ALNUM.sub("-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rstrip("-")
    return slug


def normalize_whitespace(text):
    """Collapse runs of whitespace into single spaces and strip the ends."""
    return _WHITESPACE.sub(" ", text).strip()


def truncate(text, limit, suffix="..."):
    """Shorten ``text`` to at most ``limit`` characters, ending with ``suffix``."""
    if limit < len(suffix):
        raise ValueError("limit is shorter than the suffix")
    if len(text) <= limit:
        return text
    return text[: limit - len(suffix)].rstrip() + suffix


def parse_bool(value, default=False):
    """Interpret common truthy/falsy strings from env vars and query strings."""
    if value is None:
        return default
    lowered = str(value).strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"not a boolean: {value!r}")
