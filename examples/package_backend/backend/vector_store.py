"""In-memory semantic index of catalogue entries."""
from backend.embeddings import embed

from .embeddings import similarity

_index = {}


def index(key, text, payload=None):
    """Add or replace an entry; ``payload`` is returned with search hits."""
    _index[key] = (embed(text), payload if payload is not None else {"key": key})


def remove(key):
    return _index.pop(key, None) is not None


def clear():
    _index.clear()


def size():
    return len(_index)


def search(query, k=3, min_score=0.1):
    """Best ``k`` entries as ``(score, key, payload)`` tuples, highest score first."""
    query_vector = embed(query)
    scored = []
    for key, (vector, payload) in _index.items():
        score = round(similarity(query_vector, vector), 4)
        if score >= min_score:
            scored.append((score, key, payload))
    scored.sort(key=lambda hit: (-hit[0], hit[1]))
    return scored[:k]
