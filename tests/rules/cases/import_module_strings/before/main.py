import importlib
import sys

import uvicorn

embeddings = importlib.import_module("embeddings")
helpers = __import__("helpers")
cached = sys.modules.get("helpers"), sys.modules["embeddings"], "helpers" in sys.modules
spec = importlib.util.find_spec('embeddings')


def serve():
    uvicorn.run("chat_service:app", port=8000)
