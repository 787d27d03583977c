"""Reading sources into normalised documents with metadata."""

from kg.ingest.document import Document, SourceError
from kg.ingest.sources import iter_sources

__all__ = ["Document", "SourceError", "iter_sources"]
