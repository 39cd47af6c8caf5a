import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import database
import helpers
import ingest
import worker_service

HERE = Path(__file__).resolve().parent


def test_db_and_schema_files_are_resolved_next_to_the_module():
    module_dir = Path(database.__file__).resolve().parent
    assert database.DB_FILE == module_dir / "data.sqlite3"
    assert Path(database.SCHEMA_FILE).resolve() == module_dir / "schema.sql"
    assert Path(database.SCHEMA_FILE).is_file()


def test_ingest_shipped_docs(db_file):
    stats = ingest.ingest()
    assert stats == {"new": 3, "updated": 0, "unchanged": 0, "chunks": 6, "done": 3, "failed": 0}
    documents = {doc["path"]: doc for doc in database.list_documents()}
    assert sorted(documents) == ["billing.md", "deployment.md", "getting-started.md"]
    assert documents["billing.md"]["summary"] == "Plans are billed monthly on the day you subscribed."
    with sqlite3.connect(db_file) as conn:
        assert conn.execute("SELECT COUNT(*) FROM jobs WHERE status = 'done'").fetchone()[0] == 3


def test_reingest_skips_unchanged_and_updates_changed(db_file, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("# A\n\nFirst version.\n")
    (docs / "b.md").write_text("# B\n\nStays the same.\n")
    assert ingest.ingest(docs)["new"] == 2
    (docs / "a.md").write_text("# A\n\nSecond version.\n")
    stats = ingest.ingest(docs)
    assert (stats["new"], stats["updated"], stats["unchanged"]) == (0, 1, 1)
    assert database.search_chunks(["second"])[0]["path"] == "a.md"
    assert database.search_chunks(["first"]) == []


def test_failed_jobs_are_recorded(db_file):
    database.add_job("summarize", {"document_id": 999})
    database.add_job("resize-images", {})
    assert worker_service.run_pending() == {"done": 0, "failed": 2}
    assert database.pending_jobs() == []


def test_chunk_markdown_splits_on_headings_and_size():
    text = "# Title\n\nintro\n\n## Part\n\n" + "word " * 30
    chunks = helpers.chunk_markdown(text, max_chars=60)
    assert chunks[0] == "# Title\nintro"
    assert chunks[1] == "## Part"
    assert helpers.markdown_title(text) == "Title"
    assert helpers.first_sentence("# H\nOne. Two.") == "One."


def test_ingest_script_runs_from_any_directory(tmp_path):
    """``python ingest.py`` finds settings.env, schema.sql and docs/ relative to itself, not the cwd."""
    env = dict(os.environ, DEPLOY_DB_FILE=str(tmp_path / "script.sqlite3"))
    result = subprocess.run([sys.executable, str(HERE / "ingest.py")], cwd=tmp_path, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "ingested 3 new, 0 updated, 0 unchanged documents (6 chunks, 3 summaries)\n"
    assert (tmp_path / "script.sqlite3").exists()
