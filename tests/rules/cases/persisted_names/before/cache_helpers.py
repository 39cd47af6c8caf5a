"""Sessions cached on disk with pickle."""
import pickle

from models import Session


def save(session: Session, path):
    with open(path, "wb") as handle:
        pickle.dump(session, handle)


def load(path) -> Session:
    with open(path, "rb") as handle:
        return pickle.load(handle)
