"""PDF and Word files to text, in page and paragraph order."""

from __future__ import annotations

import io

from kg.ingest.decode import DecodeError

SUFFIXES = {".pdf", ".docx"}


def read_pdf(data: bytes) -> tuple[str, str]:
    """(title, text) of a PDF's text layer (pypdf); a scanned PDF without one is an error."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DecodeError("encrypted PDF (a password is needed)")
        pages = [page.extract_text() or "" for page in reader.pages]
        title = (reader.metadata.title if reader.metadata else None) or ""
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise DecodeError(f"unreadable PDF: {exc}") from exc
    if not any(p.strip() for p in pages):
        raise DecodeError(f"scanned PDF: no text layer in its {len(pages)} page(s) (OCR it first)")
    return str(title).strip(), "\n".join(p.strip() for p in pages)


def read_docx(data: bytes) -> tuple[str, str]:
    """(title, text) of a Word file (python-docx): paragraphs and table rows in body order."""
    import zipfile

    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DecodeError(f"unreadable Word file: {exc}") from exc
    lines = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells = dict.fromkeys(c.text.strip() for c in row.cells if c.text.strip())  # merged cells repeat
                lines.append(" ".join(cells))
        else:
            lines.append(block.text)
    return (document.core_properties.title or "").strip(), "\n".join(line for line in lines if line.strip())


def read_office(suffix: str, data: bytes) -> tuple[str, str]:
    return read_pdf(data) if suffix == ".pdf" else read_docx(data)
