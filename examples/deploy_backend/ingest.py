"""Ingest the markdown files in ``docs/`` into the database, then summarise them.

Usage: ``python ingest.py [DOCS_DIR]``. Unchanged files (same checksum) are skipped.
"""
import sys
from pathlib import Path

import helpers
import worker_service
from database import get_document, init_db, upsert_document
from settings import load_settings

PROJECT_DIR = Path(__file__).resolve().parent


def ingest(docs_dir=None, settings=None):
    """Ingest ``*.md`` under ``docs_dir`` (default: settings.docs_dir next to this file)."""
    settings = settings or load_settings()
    docs_dir = Path(docs_dir) if docs_dir else PROJECT_DIR / settings.docs_dir
    if not docs_dir.is_dir():
        raise FileNotFoundError(f"docs directory not found: {docs_dir}")
    init_db()
    stats = {"new": 0, "updated": 0, "unchanged": 0, "chunks": 0}
    for path in sorted(docs_dir.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        key = path.relative_to(docs_dir).as_posix()
        digest = helpers.checksum(text)
        existing = get_document(key)
        if existing and existing["checksum"] == digest:
            stats["unchanged"] += 1
            continue
        chunks = helpers.chunk_markdown(text, settings.chunk_size)
        doc_id = upsert_document(key, helpers.markdown_title(text, default=path.stem), digest, chunks)
        worker_service.enqueue_summary(doc_id)
        stats["updated" if existing else "new"] += 1
        stats["chunks"] += len(chunks)
    stats.update(worker_service.run_pending())
    return stats


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    stats = ingest(argv[0] if argv else None)
    print(f"ingested {stats['new']} new, {stats['updated']} updated, {stats['unchanged']} unchanged "
          f"documents ({stats['chunks']} chunks, {stats['done']} summaries)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
