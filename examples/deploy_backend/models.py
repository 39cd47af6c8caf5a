"""Domain models and a table description shared with migrations (alembic/env.py)."""
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]


@dataclass(frozen=True)
class Metadata:
    """Plain description of the tables created by schema.sql."""

    tables: tuple[Table, ...]

    def table_names(self):
        return [table.name for table in self.tables]

    def columns(self, name):
        for table in self.tables:
            if table.name == name:
                return table.columns
        raise KeyError(name)


metadata = Metadata(tables=(
    Table("documents", ("id", "path", "title", "checksum", "summary")),
    Table("chunks", ("id", "document_id", "position", "text")),
    Table("jobs", ("id", "kind", "payload", "status", "result")),
))


@dataclass(frozen=True)
class Document:
    id: int
    path: str
    title: str
    summary: str | None = None
    chunks: int = 0

    @classmethod
    def from_row(cls, row):
        return cls(**{key: row[key] for key in ("id", "path", "title", "summary", "chunks")})


@dataclass(frozen=True)
class SearchHit:
    path: str
    title: str
    position: int
    text: str
    highlights: list[str] = field(default_factory=list)

    def to_dict(self):
        return {"path": self.path, "title": self.title, "position": self.position,
                "text": self.text, "highlights": list(self.highlights)}
