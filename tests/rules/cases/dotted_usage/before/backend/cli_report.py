import backend.database
import backend as be


def report(row: "backend.database.Row") -> "backend.database.Row":
    return backend.database.load(1), be.database.load(2)


def shadowed(backend):
    return backend.database


if __name__ == "__main__":
    report(None)
