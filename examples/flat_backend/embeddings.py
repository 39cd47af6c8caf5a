"""Deterministic hashing bag-of-words embeddings.

Every token is hashed with SHA-256 into one of ``DIM`` buckets, so the same text
maps to the same vector on every machine and in every Python process (unlike
the built-in ``hash``, which is salted per process).
"""
import hashlib
import math
import re

DIM = 512
_TOKEN_RE = re.compile(r"[a-z0-9]+")
STOPWORDS = frozenset(
    "a an and are as at be can do does for from how i in is it me my of on or "
    "the to we what when where which who why with you your".split()
)


def tokenize(text):
    """Lower-case word tokens of ``text`` with stopwords removed."""
    return [tok for tok in _TOKEN_RE.findall(text.lower()) if tok not in STOPWORDS]


def bucket(token):
    """Stable bucket index of one token."""
    digest = hashlib.sha256(token.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % DIM


def embed(text):
    """Return an L2-normalised vector of length ``DIM`` (all zeros for empty text)."""
    vector = [0.0] * DIM
    for token in tokenize(text):
        vector[bucket(token)] += 1.0
    norm = math.sqrt(sum(value * value for value in vector))
    if norm == 0.0:
        return vector
    return [value / norm for value in vector]


def cosine(a, b):
    """Cosine similarity of two vectors of equal length (0.0 if either is zero)."""
    if len(a) != len(b):
        raise ValueError(f"dimension mismatch: {len(a)} != {len(b)}")
    dot = sum(x * y for x, y in zip(a, b))
    norm_a = math.sqrt(sum(x * x for x in a))
    norm_b = math.sqrt(sum(y * y for y in b))
    if norm_a == 0.0 or norm_b == 0.0:
        return 0.0
    return dot / (norm_a * norm_b)
