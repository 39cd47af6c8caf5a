import os
import subprocess
import sys

import main

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_check_from_the_project_root(tmp_path):
    env = dict(os.environ, SPLIT_DB_PATH=str(tmp_path / "check.db"))
    result = subprocess.run([sys.executable, "backend/main.py", "--check"], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert (result.returncode, result.stdout) == (0, "ok\n"), result.stderr


def test_ask_command(db, capsys):
    assert main.main(["ask", "how do I enable two-factor authentication"]) == 0
    assert capsys.readouterr().out.strip().endswith("[two-factor]")


def test_usage_on_bad_arguments(db, capsys):
    assert main.main([]) == 2
    assert "python backend/main.py --check" in capsys.readouterr().err
