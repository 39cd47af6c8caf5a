"""Formatting and text helpers shared by services and reports."""
import re

_SLUG_RE = re.compile(r"[^a-z0-9]+")


def slugify(text):
    """``"Blue Mug (Large)" -> "blue-mug-large"``."""
    return _SLUG_RE.sub("-", text.lower()).strip("-")


def format_price(cents):
    """Integer cents as a dollar string: ``1250 -> "$12.50"``."""
    if cents < 0:
        return "-" + format_price(-cents)
    return f"${cents // 100}.{cents % 100:02d}"


def parse_price(text):
    """``"$12.5" -> 1250``; accepts an optional leading ``$``."""
    cleaned = text.strip().lstrip("$")
    if not re.fullmatch(r"\d+(\.\d{1,2})?", cleaned):
        raise ValueError(f"not a price: {text!r}")
    whole, _, frac = cleaned.partition(".")
    return int(whole) * 100 + int((frac + "00")[:2])


def normalize_tags(tags):
    """Lower-cased, slugified, de-duplicated tags in first-seen order."""
    seen = []
    for tag in tags:
        slug = slugify(tag)
        if slug and slug not in seen:
            seen.append(slug)
    return seen


def table(rows, headers):
    """Render rows as a fixed-width text table (used by the CLI report)."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows)]
    lines = ["  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip()
             for row in [headers, *rows]]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)
