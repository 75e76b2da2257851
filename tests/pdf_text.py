"""The text of a PDF that Chromium printed, page by page, with where each character sits.

pypdfium2 (PDFium, the engine Chromium prints with) reads it; pypdf, used before, took 16 s for the
text of the site's 36 printed pages against 1.5 s here, and gave some CJK characters as radicals (⺠ for 民).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Char:
    text: str
    left: float  # points from the page's left edge
    right: float
    bottom: float  # points from the page's foot
    top: float


@dataclass(frozen=True)
class PdfPage:
    width: float  # points
    height: float
    text: str  # in reading order, lines joined by "\n"
    chars: list[Char]  # the printed characters (no spaces or line ends)


def pdf_pages(path: Path) -> list[PdfPage]:
    import pypdfium2 as pdfium  # only the slow tier prints: make test-fast does not import it

    doc = pdfium.PdfDocument(path)
    try:
        out = []
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            chars = []
            for n in range(textpage.count_chars()):
                char = textpage.get_text_range(n, 1)
                if char.strip():
                    left, bottom, right, top = textpage.get_charbox(n)
                    chars.append(Char(char, left, right, bottom, top))
            width, height = page.get_size()
            out.append(PdfPage(width, height, textpage.get_text_range().replace("\r\n", "\n"), chars))
            textpage.close()
            page.close()
        return out
    finally:
        doc.close()
