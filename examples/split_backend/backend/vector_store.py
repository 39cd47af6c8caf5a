"""Tiny in-memory vector index keyed by article slug."""
from embeddings import cosine, embed


class VectorStore:
    def __init__(self):
        self._vectors = {}
        self._payloads = {}

    def __len__(self):
        return len(self._vectors)

    def add(self, key, text, payload=None):
        self._vectors[key] = embed(text)
        self._payloads[key] = payload

    def search(self, query, k=3, min_score=0.0):
        """``(key, score, payload)`` triples, best first; ties broken by key."""
        query_vector = embed(query)
        results = [(key, round(cosine(query_vector, vector), 4), self._payloads[key])
                   for key, vector in self._vectors.items()]
        results = [r for r in results if r[1] > min_score]
        results.sort(key=lambda r: (-r[1], r[0]))
        return results[:k]
