"""A tagged PDF read back with pypdf: its structure tree, the text of each element (the text
its marked content draws on the page, decoded through the fonts' ToUnicode maps), and the
text of each page outside artifacts, in the order it is drawn."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess

from pypdf import PdfReader
from pypdf.generic import ContentStream, DictionaryObject, IndirectObject

from .pdf_glyphs import _to_unicode


@dataclasses.dataclass
class Node:
    role: str
    alt: str | None
    lang: str | None
    text: str  # its own marked content's text
    kids: list
    actual: str | None = None  # /ActualText: what a reader says instead (Arabic as written)


@dataclasses.dataclass
class Tagged:
    marked: bool
    lang: str | None
    root: Node | None
    page_text: str  # every page's text outside artifacts, in the order drawn
    artifact_text: list[str]  # what artifacts draw
    unmarked_text: list[str]  # text drawn outside any marked content (should be none)
    struct_parents: list

    def walk(self, node: Node | None = None):
        node = node or self.root
        yield node
        for kid in node.kids:
            yield from self.walk(kid)

    def tree_text(self) -> str:
        return "".join(n.text for n in self.walk())

    def roles(self) -> list[str]:
        return [n.role for n in self.walk()]

    def of(self, role: str) -> list[Node]:
        return [n for n in self.walk() if n.role == role]


def _content_by_mcid(reader: PdfReader):
    """Per page: {mcid: text}, the text outside artifacts in order, artifacts' and unmarked text."""
    by_mcid, in_order, artifacts, unmarked = [], [], [], []
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        maps = {name: _to_unicode(font) for name, font in fonts.items()}
        current: dict = {}
        stack: list = []  # ("mcid", n) | ("artifact",) | ("other",)
        texts: dict[int, str] = {}
        order = []

        def decode(value):
            raw = value.get_original_bytes() if hasattr(value, "get_original_bytes") else bytes(value)
            return "".join(current.get(b, chr(b)) for b in raw)

        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"Tf":
                current = maps.get(operands[0], {})
            elif operator == b"BDC":
                props = operands[1]
                if isinstance(props, DictionaryObject) and "/MCID" in props:
                    stack.append(("mcid", int(props["/MCID"])))
                else:
                    stack.append(("artifact",) if operands[0] == "/Artifact" else ("other",))
            elif operator == b"BMC":
                stack.append(("artifact",) if operands[0] == "/Artifact" else ("other",))
            elif operator == b"EMC":
                stack.pop()
            elif operator in (b"Tj", b"TJ", b"'", b'"'):
                if operator == b"TJ":
                    text = "".join(decode(x) for x in operands[0]
                                   if not isinstance(x, (int, float)) and not hasattr(x, "as_numeric"))
                else:
                    text = decode(operands[-1])
                kinds = [k[0] for k in stack]
                if "artifact" in kinds:
                    artifacts.append(text)
                elif "mcid" in kinds:
                    mcid = [k for k in stack if k[0] == "mcid"][-1][1]
                    texts[mcid] = texts.get(mcid, "") + text
                    order.append(text)
                else:
                    unmarked.append(text)
        by_mcid.append(texts)
        in_order.append("".join(order))
    return by_mcid, "".join(in_order), artifacts, unmarked


def read_tags(path) -> Tagged:
    reader = PdfReader(path)
    catalog = reader.trailer["/Root"]
    marked = bool(catalog.get("/MarkInfo", {}).get("/Marked"))
    pages = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}
    by_mcid, page_text, artifacts, unmarked = _content_by_mcid(reader)

    def node(obj, page=None) -> Node:
        obj = obj.get_object()
        if "/Pg" in obj:
            page = pages[obj.raw_get("/Pg").idnum]
        kids, text = [], ""
        k = obj.get("/K", [])
        for kid in (k if isinstance(k, list) else [k]):
            if isinstance(kid, int):
                text += by_mcid[page].get(int(kid), "")
                continue
            kid_obj = kid.get_object() if isinstance(kid, IndirectObject) else kid
            if kid_obj.get("/Type") == "/MCR":
                text += by_mcid[pages[kid_obj.raw_get("/Pg").idnum]].get(int(kid_obj["/MCID"]), "")
            else:
                kids.append(node(kid, page))
        alt = obj.get("/Alt")
        actual = obj.get("/ActualText")
        return Node(str(obj["/S"])[1:], str(alt) if alt is not None else None,
                    str(obj["/Lang"]) if "/Lang" in obj else None, text, kids,
                    str(actual) if actual is not None else None)

    tree = catalog.get("/StructTreeRoot")
    root = None
    if tree is not None:
        top = tree.get_object()["/K"]
        root = node(top[0] if isinstance(top, list) else top)
    return Tagged(marked, catalog.get("/Lang"), root, page_text, artifacts, unmarked,
                  [page.get("/StructParents") for page in reader.pages])


def pdfinfo_tagged(path) -> bool | None:
    """poppler's view: "Tagged: yes"; None without pdfinfo."""
    if shutil.which("pdfinfo") is None:
        return None
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    return any(line.split() == ["Tagged:", "yes"] for line in out.splitlines())


def assert_tagged(path, lang: str, figures: int = 0) -> Tagged:
    """What every tagged document must be: marked, a tree from /Document, the tree's text
    the page's text in order, nothing drawn unmarked, headings H1/H2, every figure its text."""
    tags = read_tags(path)
    assert tags.marked and tags.root is not None and tags.root.role == "Document"
    assert tags.lang == lang
    assert tags.unmarked_text == []
    assert tags.tree_text() == tags.page_text and tags.page_text
    assert all(n >= 0 for n in tags.struct_parents if n is not None)
    roles = set(tags.roles())
    assert roles <= {"Document", "Sect", "H1", "H2", "P", "L", "LI", "Table", "TR", "TH", "TD",
                     "Figure"}, roles
    assert all(f.alt for f in tags.of("Figure"))
    assert len(tags.of("Figure")) >= figures
    assert pdfinfo_tagged(path) in (True, None)
    return tags


def placed_text(path, page_number: int = 0) -> list[tuple[str, float, float, float]]:
    """``(text, left, right, baseline)`` of every string a page draws inside marked content
    (not artifacts), in points from the page's bottom left, its width from the font's
    /Widths: where a reader's eye finds it."""
    reader = PdfReader(path)
    page = reader.pages[page_number]
    fonts = page["/Resources"].get_object().get("/Font", {})
    maps = {name: _to_unicode(font) for name, font in fonts.items()}
    widths = {}
    for name, font in fonts.items():
        font = font.get_object()
        if "/Widths" in font:
            widths[name] = (int(font["/FirstChar"]), [float(w) for w in font["/Widths"]])
    ctm, stack, tm, font, size, marks = [1, 0, 0, 1, 0, 0], [], [1, 0, 0, 1, 0, 0], None, 0, []
    found = []

    def times(m, n):
        a, b, c, d, e, f = m
        a2, b2, c2, d2, e2, f2 = n
        return [a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
                e * a2 + f * c2 + e2, e * b2 + f * d2 + f2]

    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator == b"q":
            stack.append(ctm)
        elif operator == b"Q":
            ctm = stack.pop()
        elif operator == b"cm":
            ctm = times([float(x) for x in operands], ctm)
        elif operator == b"BT":
            tm = [1, 0, 0, 1, 0, 0]
        elif operator == b"Tm":
            tm = [float(x) for x in operands]
        elif operator == b"Td":
            tm = times([1, 0, 0, 1, float(operands[0]), float(operands[1])], tm)
        elif operator == b"Tf":
            font, size = operands[0], float(operands[1])
        elif operator in (b"BDC", b"BMC"):
            marks.append(operator == b"BMC" or "/MCID" not in operands[1])
        elif operator == b"EMC":
            marks.pop()
        elif operator == b"Tj" and marks and not any(marks):
            value = operands[0]
            raw = value.get_original_bytes() if hasattr(value, "get_original_bytes") else bytes(value)
            first, table = widths.get(font, (0, []))
            width = sum(table[b - first] for b in raw if 0 <= b - first < len(table)) * size / 1000
            m = times(tm, ctm)
            text = "".join(maps.get(font, {}).get(b, chr(b)) for b in raw)
            found.append((text, m[4], m[4] + width * m[0], m[5]))
    return found
