"""Run a notebook's code cells the way a Jupyter kernel started in its folder would, without Jupyter.

Usage: ``python tests/notebook_runner.py NOTEBOOK``. The cells run in order in one namespace with the
notebook's folder as the working directory and as ``sys.path[0]``; IPython line magics and shell escapes
(``%…``, ``!…``) are skipped and cell magics (``%%…``) skip their cell. Output is whatever the cells print.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def main(path: str) -> None:
    notebook = Path(path).resolve()
    os.chdir(notebook.parent)
    sys.path.insert(0, str(notebook.parent))
    namespace: dict[str, object] = {"__name__": "__main__"}
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if source.lstrip().startswith("%%"):
            continue
        lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
        exec(compile("\n".join(lines), str(notebook), "exec"), namespace)


if __name__ == "__main__":
    main(sys.argv[1])
