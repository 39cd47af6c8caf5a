import importlib
import sys

import uvicorn

embeddings = importlib.import_module("data.embeddings")
helpers = __import__("utils.helpers", fromlist=["helpers"])
cached = sys.modules.get("utils.helpers"), sys.modules["data.embeddings"], "utils.helpers" in sys.modules
spec = importlib.util.find_spec('data.embeddings')


def serve():
    uvicorn.run("services.chat_service:app", port=8000)
