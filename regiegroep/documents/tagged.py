"""Tagged PDF: the structure a screen reader walks (headings, paragraphs, lists, tables,
figures with their alternative text), in reading order, for every document the app prints.

Open-source ReportLab writes no structure tree, so this module does, through ReportLab's
own canvas and PDF objects (no second pass over the file: the output stays byte for byte
the same for the same input, and costs almost nothing):

- ``TaggedCanvas``: a Canvas that numbers marked content per page (``/P <</MCID 3>> BDC
  ... EMC`` written with ``addLiteral`` around what a step draws), gives every page its
  ``/StructParents`` and, on ``save``, writes ``/MarkInfo <</Marked true>>``, the
  ``/StructTreeRoot`` with its ``/Document`` element and the ``/ParentTree``. Whatever is
  drawn outside a tagged step (rules, backgrounds, page numbers, a voucher's guilloche and
  microtext, a table's grid and a list's bullets) is wrapped as ``/Artifact``: nothing on a
  page is left unmarked, and a screen reader skips what is decoration.
- for canvas-drawn documents (vouchers, code letters, ballots): ``marked(canvas, role)`` and
  ``section(canvas, lang)``, context managers around a drawing step;
- for platypus documents (letters, notices, the year report): ``Tag(flowable, role)``, a
  flowable that marks what its flowable draws (also across a page break: one element, the
  parts on both pages), ``Group`` for a list, ``Section`` where a letter or a language
  starts, and ``table_tags`` for a Table's rows and cells (header cells /TH, repeated header
  rows on a next page /Artifact).

The tree's order is the order in which the steps are drawn: documents draw in reading
order. A step inside another tagged step belongs to the outer one (a paragraph in a table
cell is the cell's text). On any other Canvas the helpers do nothing.
"""

from __future__ import annotations

import contextlib

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.flowables import Flowable

from .shaping import DRAWN, needs_shaping

HEADINGS = ("H1", "H2")


class Element:
    """A structure element: its role (/P, /H1, /Table ...), its kids (elements, or the
    ``(page, mcid)`` of marked content), its alternative text or language, and its
    attributes (names: {"O": "Table", "Scope": "Column"})."""

    __slots__ = ("role", "kids", "alt", "lang", "attributes", "actual")

    def __init__(self, role: str, alt: str | None = None, lang: str | None = None,
                 attributes: dict | None = None):
        self.role, self.alt, self.lang, self.attributes = role, alt, lang, attributes
        self.kids: list = []
        self.actual: str | None = None  # its text in reading order, when drawn otherwise


class TaggedCanvas(Canvas):
    """A ReportLab Canvas that writes a tagged PDF (see the module's docstring)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.tag_root = Element("Document", lang=kwargs.get("lang"))
        self._container = self.tag_root
        self._keyed: dict = {}  # a Tag's key -> its element (one element across pages)
        self._page_marks: list[list[Element]] = [[]]  # per page: the element of each MCID
        self._page_refs: list[str] = []
        self._depth = 0  # marked steps open (one inside another belongs to the outer)
        self._open: Element | None = None  # the element being marked
        self._pending = (None, 0)  # (code list, index): what was drawn since the last mark

    # -- the tree while drawing

    def tag_container(self) -> Element:
        return self._container

    def tag_enter(self, element: Element) -> None:
        """Subsequent steps go into ``element`` (a section: a letter, a language)."""
        self._container = element

    def tag_element(self, key, role: str, parent: Element | None = None, **details) -> Element:
        """The element of ``key`` (made, in ``parent`` or the current section, the first time)."""
        element = self._keyed.get(key) if key is not None else None
        if element is None:
            element = Element(role, **details)
            (parent or self._container).kids.append(element)
            if key is not None:
                self._keyed[key] = element
        return element

    def _in_form(self) -> bool:
        return self._formData is not None

    def _wrap_pending(self) -> None:
        """What was drawn since the last marked step becomes an /Artifact."""
        code, start = self._pending
        if code is not self._code:
            start = 0
        if any(str(line).strip() for line in self._code[start:]):
            self._code.insert(start, "/Artifact BMC")
            self._code.append("EMC")

    def tag_begin(self, element) -> Element | None:
        """Mark what is drawn next as content of ``element`` (an Element, or a callable
        that makes it); None when nothing is marked: inside another marked step (the
        content is the outer step's) or inside a form. Close with ``tag_end``."""
        if self._depth or self._in_form():
            self._depth += 1
            return None
        if not isinstance(element, Element):
            element = element()
        self._wrap_pending()
        marks = self._page_marks[-1]
        element.kids.append((len(self._page_marks) - 1, len(marks)))
        self._code.append("/%s <</MCID %d>> BDC" % (element.role, len(marks)))
        marks.append(element)
        self._depth = 1
        self._open = element
        DRAWN.sink = []  # the strings drawn, as written (documents/shaping.py)
        return element

    def tag_end(self) -> None:
        if self._depth > 1 or self._in_form():
            self._depth = max(self._depth - 1, 0)
            return
        self._code.append("EMC")
        self._depth = 0
        self._pending = (self._code, len(self._code))
        drawn, DRAWN.sink = getattr(DRAWN, "sink", None), None
        element, self._open = self._open, None
        if element is not None and drawn and any(needs_shaping(text) for text in drawn):
            # Arabic is drawn in visual order: a screen reader gets it as written
            text = " ".join(" ".join(text.split()) for text in drawn)
            element.actual = element.actual + " " + text if element.actual else text

    def tag_artifact_begin(self) -> None:
        if self._depth or self._in_form():
            self._depth += 1
            return
        self._wrap_pending()
        self._code.append("/Artifact BMC")
        self._depth = 1

    # -- pages and the file

    def showPage(self):  # noqa: N802 (ReportLab's name)
        if not self._in_form():
            self._wrap_pending()
        super().showPage()
        self._page_marks.append([])
        self._pending = (self._code, 0)

    def _setAnnotations(self, page):  # noqa: N802: ReportLab calls it for every page made
        super()._setAnnotations(page)
        if isinstance(page, pdfdoc.PDFPage):
            self._page_refs.append(self._doc.thisPageName())
            if self._page_marks[-1]:
                page.__NoDefault__ = page.__NoDefault__ + ["StructParents", "Tabs"]
                page.StructParents = len(self._page_refs) - 1
                page.Tabs = PDFName("S")

    def save(self):
        if len(self._code):
            self.showPage()
        self._write_tree()
        super().save()

    def getpdfdata(self):  # noqa: N802
        if len(self._code):
            self.showPage()
        self._write_tree()
        return super().getpdfdata()

    def _write_tree(self) -> None:
        """The tree as PDF objects. Each element is written as its bytes directly (a
        voucher run has thousands of them: ReportLab's generic dictionaries would take
        longer than drawing the vouchers)."""
        doc = self._doc
        number = doc.idToObjectNumberAndVersion
        elements: list[Element] = []

        def collect(element: Element) -> None:
            elements.append(element)
            for kid in element.kids:
                if isinstance(kid, Element):
                    collect(kid)

        collect(self.tag_root)
        root = _Raw()
        doc.Reference(root, "StructTreeRoot")
        objects = [_Raw() for _element in elements]
        refs = {id(e): "%d 0 R" % number[doc.Reference(o).name][0]
                for e, o in zip(elements, objects)}
        pages = ["%d 0 R" % number[name][0] for name in self._page_refs]
        parents = {id(self.tag_root): "%d 0 R" % number["StructTreeRoot"][0]}
        for element in elements:
            for kid in element.kids:
                if isinstance(kid, Element):
                    parents[id(kid)] = refs[id(element)]
        for element, raw in zip(elements, objects):
            on = [k[0] for k in element.kids if isinstance(k, tuple)]
            kids = []
            for kid in element.kids:
                if isinstance(kid, Element):
                    kids.append(refs[id(kid)])
                elif kid[0] == on[0]:
                    kids.append(str(kid[1]))
                else:
                    kids.append("<</Type /MCR /Pg %s /MCID %d>>" % (pages[kid[0]], kid[1]))
            parts = ["<</Type /StructElem /S /%s /P %s" % (element.role, parents[id(element)])]
            if on:
                parts.append("/Pg " + pages[on[0]])
            parts.append("/K [%s]" % " ".join(kids))
            if element.alt is not None:
                parts.append("/Alt " + _text(element.alt))
            if element.actual is not None:
                parts.append("/ActualText " + _text(element.actual))
            if element.lang:
                parts.append("/Lang " + _text(element.lang))
            if element.attributes:
                parts.append("/A <<%s>>" % " ".join("/%s /%s" % item
                                                    for item in element.attributes.items()))
            raw.data = (" ".join(parts) + ">>").encode("latin-1")
        numbers = " ".join("%d [%s]" % (page, " ".join(refs[id(e)] for e in marks))
                           for page, marks in enumerate(self._page_marks[:len(pages)]) if marks)
        root.data = ("<</Type /StructTreeRoot /K %s /ParentTree <</Nums [%s]>> "
                     "/ParentTreeNextKey %d>>" % (refs[id(self.tag_root)], numbers,
                                                   len(pages))).encode("latin-1")
        doc.Catalog.StructTreeRoot = pdfdoc.PDFObjectReference("StructTreeRoot")
        doc.Catalog.MarkInfo = PDFDictionary({"Marked": pdfdoc.PDFtrue})


class _Raw(pdfdoc.PDFObject):
    """A PDF object written as the bytes it was given."""

    data = b""

    def format(self, document):
        return self.data


def _text(text: str) -> str:
    """A PDF text string: literal when plain ASCII, else UTF-16 with its byte order mark."""
    if text.isascii() and text.isprintable():
        return "(%s)" % text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return "<FEFF%s>" % text.encode("utf-16-be").hex().upper()


def _tagged(canvas) -> bool:
    return isinstance(canvas, TaggedCanvas)


@contextlib.contextmanager
def marked(canvas, role: str, alt: str | None = None, key=None, parent: Element | None = None,
           **details):
    """What the block draws is the content of one element ``role`` (a new one, or the
    element of ``key``)."""
    if not _tagged(canvas):
        yield None
        return
    element = canvas.tag_begin(lambda: canvas.tag_element(key, role, parent, alt=alt, **details))
    try:
        yield element
    finally:
        canvas.tag_end()


@contextlib.contextmanager
def artifact(canvas):
    """What the block draws is decoration a screen reader skips (drawn between tagged
    steps it is one anyway)."""
    if not _tagged(canvas):
        yield
        return
    canvas.tag_artifact_begin()
    try:
        yield
    finally:
        canvas.tag_end()


@contextlib.contextmanager
def group(canvas, role: str, **details):
    """Steps in the block are kids of one new element ``role`` (a list, a table row, a
    section)."""
    if not _tagged(canvas):
        yield None
        return
    outer = canvas.tag_container()
    element = canvas.tag_element(None, role, **details)
    canvas.tag_enter(element)
    try:
        yield element
    finally:
        canvas.tag_enter(outer)


def element(canvas, role: str, **details) -> Element | None:
    """A new element ``role`` in the current section, for steps to name as their ``parent``
    (a list for its items)."""
    return canvas.tag_element(None, role, **details) if _tagged(canvas) else None


def section(canvas, lang: str | None = None, role: str = "Sect") -> Element | None:
    """From here on, steps go into a new section of the document (in ``lang``)."""
    if not _tagged(canvas):
        return None
    element = Element(role, lang=lang)
    canvas.tag_root.kids.append(element)
    canvas.tag_enter(element)
    return element


# -- platypus


class Group:
    """An element that holds tagged flowables (a list): made where its first kid is drawn."""

    def __init__(self, role: str):
        self.role = role

    def element(self, canvas) -> Element:
        return canvas.tag_element(self, self.role)


class Tag(Flowable):
    """``flowable`` as the content of one element ``role`` (``alt``: a figure's text)."""

    def __init__(self, flowable, role: str, alt: str | None = None, parent: Group | None = None,
                 key=None):
        self.__dict__.update(_inner=flowable, role=role, alt=alt, parent=parent,
                             key=key if key is not None else object())

    def __getattr__(self, name):  # everything else is the flowable's own
        return getattr(self.__dict__["_inner"], name)

    def __setattr__(self, name, value):
        setattr(self._inner, name, value)

    def __delattr__(self, name):
        delattr(self._inner, name)

    def _again(self, part):
        return part if isinstance(part, Tag) or not isinstance(part, Flowable) else \
            Tag(part, self.role, self.alt, self.parent, self.key)

    def wrap(self, availWidth, availHeight):  # noqa: N803 (ReportLab's names)
        return self._inner.wrap(availWidth, availHeight)

    def wrapOn(self, canv, aW, aH):  # noqa: N802, N803
        return self._inner.wrapOn(canv, aW, aH)

    def split(self, availWidth, availHeight):  # noqa: N803
        return [self._again(p) for p in self._inner.split(availWidth, availHeight)]

    def splitOn(self, canv, aW, aH):  # noqa: N802, N803
        return [self._again(p) for p in self._inner.splitOn(canv, aW, aH)]

    def getSpaceBefore(self):  # noqa: N802
        return self._inner.getSpaceBefore()

    def getSpaceAfter(self):  # noqa: N802
        return self._inner.getSpaceAfter()

    def getKeepWithNext(self):  # noqa: N802
        return self._inner.getKeepWithNext()

    def minWidth(self):  # noqa: N802
        return self._inner.minWidth()

    def identity(self, maxLen=None):  # noqa: N803
        return self._inner.identity(maxLen)

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802, N803
        parent = self.parent.element(canvas) if self.parent is not None and _tagged(canvas) \
            else None
        with marked(canvas, self.role, self.alt, key=self.key, parent=parent):
            self._inner.drawOn(canvas, x, y, _sW)


class Section(Flowable):
    """Where a letter, or a notice's text in another language, starts: what follows is a
    new section of the document, in ``lang``."""

    def __init__(self, lang: str | None = None):
        super().__init__()
        self.lang = lang
        self.width = self.height = 0

    def wrap(self, availWidth, availHeight):  # noqa: N803
        return 0, 0

    def draw(self) -> None:
        section(self.canv, self.lang)


class table_tags:  # noqa: N801: a callable, given to Table(renderCB=...)
    """A Table's rows and cells as /Table, /TR, /TH (the first ``header`` rows, the first
    time they are drawn) and /TD; ``rtl``: the columns are drawn mirrored, so each row's
    cells are read from the right. One for a table and every part it splits into."""

    def __init__(self, header: int = 0, rtl: bool = False):
        self.header, self.rtl = header, rtl
        self.parts = 0
        self.row = None

    def __call__(self, table, event, *args):
        canvas = table.canv
        if not _tagged(canvas):
            return
        if event == "startTable":
            self.parts += 1
            self.element = canvas.tag_element(self, "Table")
        elif event == "startRow":
            number = args[0]
            self.repeated = self.parts > 1 and number < self.header
            self.row = None if self.repeated else Element("TR")
            self.head = number < self.header and not self.repeated
            if self.row is not None:
                self.element.kids.append(self.row)
        elif event == "startCell" and self.row is not None:
            row, head, rtl = self.row, self.head, self.rtl

            def cell() -> Element:
                made = Element("TH" if head else "TD", attributes={
                    "O": "Table", "Scope": "Column"} if head else None)
                row.kids.insert(0, made) if rtl else row.kids.append(made)
                return made

            canvas.tag_begin(cell)
        elif event == "endCell" and self.row is not None:
            canvas.tag_end()
