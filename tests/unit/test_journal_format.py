"""The journal file is what ``dataclasses.asdict`` of its data gives (recovery of older journals relies on the
format), though apply writes it without asdict's deep copy of every step."""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from pathlib import Path

from backend_organizer.core.apply.journal import FORMAT, Journal, JournalData, Step


def test_the_journal_is_asdict_of_its_data(tmp_path: Path) -> None:
    steps = [
        Step("mkdir", "agents"),
        Step("write", "agent.py", before="a" * 64, after="b" * 64, mode=0o644),
        Step("move", "agent.py", "agents/agent.py", after="b" * 64, mode=0o755),
        Step("create", "agents/__init__.py", after="c" * 64),
    ]
    data = JournalData("/work/x", "applying", steps, git_index=True, summary={"moves": 1, "changes": 1})
    journal = Journal(tmp_path)
    journal.write(data)
    written = json.loads((tmp_path / "journal.json").read_text())
    assert written == asdict(data)
    assert list(written) == [f.name for f in fields(JournalData)] and written["format"] == FORMAT
    assert list(written["steps"][0]) == [f.name for f in fields(Step)]
    assert journal.read() == data
