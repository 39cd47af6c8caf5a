"""Background jobs: a SQLite-backed queue processed by ``run_pending``."""
import database
from helpers import first_sentence


def enqueue_summary(doc_id):
    """Ask the worker to (re)compute the summary of one document."""
    return database.add_job("summarize", {"document_id": doc_id})


def summarize(payload):
    chunks = database.document_chunks(payload["document_id"])
    if not chunks:
        raise LookupError(f"document {payload['document_id']} has no chunks")
    summary = first_sentence(chunks[0])
    database.set_summary(payload["document_id"], summary)
    return summary


HANDLERS = {"summarize": summarize}


def run_pending(handlers=None):
    """Run every pending job once; returns ``{"done": n, "failed": m}``."""
    handlers = HANDLERS if handlers is None else handlers
    stats = {"done": 0, "failed": 0}
    for job in database.pending_jobs():
        handler = handlers.get(job["kind"])
        try:
            if handler is None:
                raise KeyError(f"no handler for job kind {job['kind']!r}")
            result = handler(job["payload"])
        except (KeyError, LookupError, ValueError) as exc:
            database.finish_job(job["id"], "failed", str(exc))
            stats["failed"] += 1
        else:
            database.finish_job(job["id"], "done", str(result))
            stats["done"] += 1
    return stats
