"""In-memory vector store with cosine-similarity search over ``embeddings.embed``."""
import embeddings, json

DEFAULT_DOCUMENTS = [
    ("reset-password", "Resetting your password",
     "To reset your password open Settings, choose Security and click Reset password. "
     "A reset link is emailed to the address on your account."),
    ("rate-limits", "API rate limits",
     "Each client may send 5 requests per second with bursts of up to 10 requests; "
     "beyond that the API answers 429 Too Many Requests."),
    ("export-chats", "Exporting conversations",
     "Conversations can be exported as JSON from the session menu; "
     "the export contains every message in order."),
    ("delete-account", "Deleting your account",
     "Deleting your account removes all sessions and messages permanently after 30 days."),
]


class VectorStore:
    """Documents keyed by id, each stored with its embedding."""

    def __init__(self):
        self._docs = {}

    def __len__(self):
        return len(self._docs)

    def add(self, doc_id, title, text):
        vector = embeddings.embed(f"{title} {text}")
        self._docs[doc_id] = {"id": doc_id, "title": title, "text": text, "vector": vector}

    def remove(self, doc_id):
        return self._docs.pop(doc_id, None) is not None

    def clear(self):
        self._docs.clear()

    def search(self, query, k=3, min_score=0.0):
        """Return up to ``k`` hits ``{"id", "title", "text", "score"}``, best first."""
        query_vector = embeddings.embed(query)
        hits = []
        for doc in self._docs.values():
            score = embeddings.cosine(query_vector, doc["vector"])
            if score > min_score:
                hits.append({"id": doc["id"], "title": doc["title"], "text": doc["text"],
                             "score": round(score, 4)})
        hits.sort(key=lambda hit: (-hit["score"], hit["id"]))
        return hits[:k]

    def to_json(self):
        docs = [{"id": d["id"], "title": d["title"], "text": d["text"]} for d in self._docs.values()]
        return json.dumps(sorted(docs, key=lambda d: d["id"]), sort_keys=True)

    @classmethod
    def from_json(cls, payload):
        store = cls()
        for doc in json.loads(payload):
            store.add(doc["id"], doc["title"], doc["text"])
        return store


_default_store = VectorStore()


def get_store():
    return _default_store


def add_document(doc_id, title, text):
    _default_store.add(doc_id, title, text)


def search(query, k=3, min_score=0.0):
    """Search the process-wide default store."""
    return _default_store.search(query, k=k, min_score=min_score)


def load_default_documents(store=None):
    """Index the built-in help-centre articles; returns the number of documents."""
    target = store if store is not None else _default_store
    for doc_id, title, text in DEFAULT_DOCUMENTS:
        target.add(doc_id, title, text)
    return len(target)


def reset():
    _default_store.clear()
