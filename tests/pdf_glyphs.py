"""The strings a PDF draws, decoded through its fonts' ToUnicode maps, in the order the glyphs
are drawn: text extractors put right-to-left text back in reading order, this does not."""

import re
from pypdf import PdfReader
from pypdf.generic import ContentStream


def _to_unicode(font) -> dict[int, str]:
    cmap = font.get_object().get("/ToUnicode")
    if cmap is None:
        return {}
    data = cmap.get_object().get_data().decode("latin-1")
    found = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for code, uni in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            found[int(code, 16)] = bytes.fromhex(uni).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for low, high, uni in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            start = int(uni, 16)
            for n, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                found[code] = chr(start + n)
    return found


def drawn_strings(path) -> list[str]:
    """Every string the PDF draws, in the order its glyphs are drawn (left to right)."""
    reader = PdfReader(path)
    out = []
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        maps = {name: _to_unicode(font) for name, font in fonts.items()}
        current = {}

        def decode(value):
            raw = value.get_original_bytes() if hasattr(value, "get_original_bytes") else bytes(value)
            return "".join(current.get(b, chr(b)) for b in raw)

        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"Tf":
                current = maps.get(operands[0], {})
            elif operator in (b"Tj", b"'", b'"'):
                out.append(decode(operands[-1]))
            elif operator == b"TJ":
                out.append("".join(decode(x) for x in operands[0] if not isinstance(x, (int, float))
                                   and not hasattr(x, "as_numeric")))
    return out
