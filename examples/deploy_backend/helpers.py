"""Markdown and text helpers used by ingestion and the API."""
import hashlib
import json
import re

_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*)$")
_SENTENCE_RE = re.compile(r"(.+?[.!?])(\s|$)", re.S)


def checksum(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def markdown_title(text, default="Untitled"):
    """The first level-one heading, else ``default``."""
    for line in text.splitlines():
        match = _HEADING_RE.match(line.strip())
        if match and len(match.group(1)) == 1:
            return match.group(2).strip()
    return default


def chunk_markdown(text, max_chars=400):
    """Split into paragraph-aligned chunks; headings start a new chunk and are kept with it."""
    chunks, current = [], []
    for block in (b.strip() for b in re.split(r"\n\s*\n", text)):
        if not block:
            continue
        block = " ".join(line.strip() for line in block.splitlines())
        size = sum(len(part) + 1 for part in current)
        if current and (_HEADING_RE.match(block) or size + len(block) > max_chars):
            chunks.append("\n".join(current))
            current = []
        current.append(block)
    if current:
        chunks.append("\n".join(current))
    return chunks


def first_sentence(text):
    """The first sentence of ``text`` with markdown headings removed."""
    body = " ".join(line for line in text.splitlines() if not _HEADING_RE.match(line.strip()))
    match = _SENTENCE_RE.search(body.strip())
    return (match.group(1) if match else body).strip()


def json_body(data):
    return json.dumps(data, sort_keys=True, indent=None).encode("utf-8")
