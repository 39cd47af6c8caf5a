import backend.database.database
import backend as be


def report(row: "backend.database.database.Row") -> "backend.database.database.Row":
    return backend.database.database.load(1), be.database.database.load(2)


def shadowed(backend):
    return backend.database


if __name__ == "__main__":
    report(None)
