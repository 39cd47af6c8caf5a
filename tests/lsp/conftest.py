"""Make the protocol-test helpers (``lsp_harness``, ``applier``) importable from the test modules."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
