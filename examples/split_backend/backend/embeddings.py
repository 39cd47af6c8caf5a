"""Character-trigram hashing embeddings: robust to small typos, fully deterministic."""
import hashlib
import math

DIM = 512


def trigrams(text):
    """Trigrams of each lower-cased word padded with spaces: ``"cat" -> " ca", "cat", "at "``."""
    grams = []
    for word in "".join(c if c.isalnum() else " " for c in text.lower()).split():
        padded = f" {word} "
        grams.extend(padded[i:i + 3] for i in range(len(padded) - 2))
    return grams


def embed(text):
    vector = [0.0] * DIM
    for gram in trigrams(text):
        digest = hashlib.md5(gram.encode("utf-8")).digest()
        vector[int.from_bytes(digest[:4], "little") % DIM] += 1.0
    norm = math.sqrt(sum(v * v for v in vector))
    return [v / norm for v in vector] if norm else vector


def cosine(a, b):
    """Cosine similarity of two normalised vectors."""
    return sum(x * y for x, y in zip(a, b))
