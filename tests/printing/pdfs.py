"""Reading our PDFs back the way a user's viewer and a scanner would."""
from __future__ import annotations

import io

import pdfplumber
import pypdfium2 as pdfium
import zxingcpp
from pypdf import PdfReader

STANDARD_FONTS = {
    "Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique", "Helvetica", "Helvetica-Bold",
    "Helvetica-Oblique", "Helvetica-BoldOblique", "Times-Roman", "Times-Bold", "Times-Italic",
    "Times-BoldItalic", "Symbol", "ZapfDingbats",
}


def page_texts(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [page.extract_text() or "" for page in doc.pages]


def all_text(pdf: bytes) -> str:
    return "\n".join(page_texts(pdf))


def rasterise(pdf: bytes, dpi: int = 203):
    """Each page as a greyscale PIL image at ``dpi`` (a thermal printer's 203 by default)."""
    doc = pdfium.PdfDocument(pdf)
    try:
        return [page.render(scale=dpi / 72).to_pil().convert("L") for page in doc]
    finally:
        doc.close()


def decode_pages(pdf: bytes, dpi: int = 203) -> list[list[tuple[str, str]]]:
    """The barcodes zxing-cpp reads on each page: ``[(format, text)]``, GS1 content in its
    bracketed form ``(01)…``."""
    out = []
    for image in rasterise(pdf, dpi):
        found = zxingcpp.read_barcodes(image, text_mode=zxingcpp.TextMode.HRI)
        out.append(sorted((r.format.name, r.text) for r in found))
    return out


def decoded_values(pdf: bytes, dpi: int = 203) -> list[set[str]]:
    return [{text for _, text in page} for page in decode_pages(pdf, dpi)]


def fonts(pdf: bytes) -> list[dict]:
    """Every font used by any page: name, subtype and whether its program is embedded
    (``FontFile``/``FontFile2``/``FontFile3`` in its descriptor, Type0 through its descendant)."""
    reader = PdfReader(io.BytesIO(pdf))
    seen: dict[str, dict] = {}
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for _key, ref in (resources.get("/Font") or {}).items():
            font = ref.get_object()
            descriptor_owner = font
            if font.get("/Subtype") == "/Type0":
                descriptor_owner = font["/DescendantFonts"][0].get_object()
            descriptor = descriptor_owner.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            file_key = next((k for k in ("/FontFile2", "/FontFile", "/FontFile3") if k in descriptor), None)
            name = str(font.get("/BaseFont"))
            seen[name] = {
                "name": name.lstrip("/"),
                "subtype": str(font.get("/Subtype")),
                "file": file_key,
                "size": len(descriptor[file_key].get_object().get_data()) if file_key else 0,
            }
    return list(seen.values())
