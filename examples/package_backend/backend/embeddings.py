"""Deterministic feature-hashing embeddings (SHA-256 buckets, L2-normalised)."""
import hashlib
import math
import re

DIM = 512
_WORD_RE = re.compile(r"[a-z0-9]+")
_STOPWORDS = frozenset("a an and any do does for have i in is it of on or the to with you".split())


def tokens(text):
    return [word for word in _WORD_RE.findall(text.lower()) if word not in _STOPWORDS]


def embed(text):
    vector = [0.0] * DIM
    for word in tokens(text):
        # crude stemming so "mugs" and "mug" share a bucket
        stem = word[:-1] if len(word) > 3 and word.endswith("s") else word
        index = int.from_bytes(hashlib.sha256(stem.encode("utf-8")).digest()[:4], "big") % DIM
        vector[index] += 1.0
    norm = math.sqrt(sum(v * v for v in vector))
    return [v / norm for v in vector] if norm else vector


def similarity(a, b):
    """Dot product of two embeddings (cosine, since both are normalised)."""
    return sum(x * y for x, y in zip(a, b))
