"""Real PDF and Word files made in the test: a PDF with a Chinese text layer (a CID font whose
ToUnicode map is the identity, as a PDF printed from Word has one), a scanned PDF without one,
and a .docx written by python-docx."""

from __future__ import annotations


def pdf(pages: list[list[str]]) -> bytes:
    """A PDF whose pages hold these lines of text (no lines: a page with no text layer)."""
    objects: list[bytes] = []
    n_pages = len(pages)
    kids = " ".join(f"{5 + 2 * i} 0 R" for i in range(n_pages))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H "
                   b"/DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
                   b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>] /ToUnicode 4 0 R >>")
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Identity def "
            b"1 begincodespacerange <0000> <FFFF> endcodespacerange "
            b"1 beginbfrange <0000> <FFFF> <0000> endbfrange endcmap CMapName currentdict /CMap defineresource pop end end")
    objects.append(b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream")
    for i, lines in enumerate(pages):
        ops = "".join(f"BT /F1 12 Tf 50 {760 - 20 * j} Td <{line.encode('utf-16-be').hex()}> Tj ET\n"
                      for j, line in enumerate(lines)).encode()
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                       f"/Contents {6 + 2 * i} 0 R >>".encode())
        objects.append(b"<< /Length %d >>\nstream\n" % len(ops) + ops + b"endstream")
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def docx(path, title: str, paragraphs: list[str], table: list[list[str]] | None = None) -> None:
    import docx as python_docx

    document = python_docx.Document()
    document.core_properties.title = title
    document.add_heading(title, level=1)
    for p in paragraphs[:1]:
        document.add_paragraph(p)
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                t.cell(r, c).text = cell
    for p in paragraphs[1:]:
        document.add_paragraph(p)
    document.save(str(path))
