import os
import subprocess
import sys

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_seed_runs():
    subprocess.run([sys.executable, "-m", "scripts.seed"], cwd=HERE, check=True)
    subprocess.run([sys.executable, os.path.join(HERE, "scripts/seed.py")], check=True)
