"""Reading the pages tests fetch: the markup rules every page keeps (one h1, headings in
order, captioned tables with scoped headers and uniquely named links, tags with words,
scrollable tables in named focusable regions), the tables of a page by id, and CSVs."""

import csv
import io
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class Node:
    def __init__(self, tag, attrs, parent=None):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def raw_text(self) -> str:
        return "".join(c if isinstance(c, str) else c.raw_text() for c in self.children)

    def text(self) -> str:
        return " ".join(self.raw_text().split())

    def find_all(self, match) -> list["Node"]:
        found = []
        for child in self.children:
            if isinstance(child, Node):
                if match(child):
                    found.append(child)
                found.extend(child.find_all(match))
        return found

    def tags(self, *names) -> list["Node"]:
        return self.find_all(lambda node: node.tag in names)

    def with_class(self, name) -> list["Node"]:
        return self.find_all(lambda node: name in node.classes)


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.root = self.current = Node("document", {})

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, attrs, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def page_tree(response) -> Node:
    assert response.status_code == 200
    builder = _TreeBuilder()
    builder.feed(response.content.decode())
    return builder.root


def markup_problems(tree: Node) -> list[str]:
    """What breaks the rules every case-review page keeps."""
    problems = []
    h1s = tree.tags("h1")
    if len(h1s) != 1:
        problems.append(f"{len(h1s)} h1 headings")
    previous = 1
    for heading in tree.find_all(lambda node: node.tag in HEADINGS):
        level = int(heading.tag[1])
        if level > previous + 1:
            problems.append(f"h{previous} followed by h{level}: {heading.text()}")
        previous = level
    for table in tree.tags("table"):
        captions = table.tags("caption")
        if not captions or not captions[0].text():
            problems.append("a table without a caption")
        for header in table.tags("th"):
            if header.attrs.get("scope") not in ("col", "row", "colgroup", "rowgroup"):
                problems.append(f"a table header without scope: {header.text()}")
        names = [link.attrs.get("aria-label") or link.text() for link in table.tags("a")]
        repeated = {name for name in names if names.count(name) > 1}
        if repeated:
            problems.append(f"links of one table with the same name: {sorted(repeated)}")
    for tag in tree.with_class("govuk-tag"):
        if not tag.text():
            problems.append("a tag without words")
    for wrap in tree.with_class("app-table-wrap"):
        attrs = wrap.attrs
        if attrs.get("role") != "region" or not attrs.get("aria-label"):
            problems.append("a scrollable table outside a named region")
        if attrs.get("tabindex") != "0":
            problems.append("a scrollable table that cannot be focused")
    return problems


class _TableParser(HTMLParser):
    """Every <table> of a page by id: its rows, each cell as (tag, classes, text)."""

    def __init__(self):
        super().__init__()
        self.tables, self.captions = {}, {}
        self._table = self._row = self._cell = None
        self._in_caption = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._table = attrs.get("id")
            self.tables[self._table] = []
        elif tag == "caption":
            self._in_caption = True
            self.captions[self._table] = ""
        elif tag == "tr" and self._table:
            self._row = []
            self.tables[self._table].append(self._row)
        elif tag in ("td", "th") and self._row is not None:
            self._cell = [tag, attrs.get("class", ""), ""]
            self._row.append(self._cell)

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = None
        elif tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th") and self._cell is not None:
            self._cell[2] = " ".join(self._cell[2].split())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[2] += data
        elif self._in_caption:
            self.captions[self._table] += data


def parse(response) -> _TableParser:
    parser = _TableParser()
    parser.feed(response.content.decode())
    return parser


def texts(parser, table_id):
    return [[text for _, _, text in row] for row in parser.tables[table_id]]


def read_csv(response):
    return list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))


def character_counts(response) -> dict[str, tuple[str, str]]:
    """The GOV.UK character counts of a form page, by textarea id: the limit the wrapper
    gives the script, and the count message the textarea is described by. Checks that each
    textarea is the script's, points at its message and carries no maxlength."""
    counts = {}
    for wrapper in page_tree(response).with_class("govuk-character-count"):
        assert wrapper.attrs["data-module"] == "govuk-character-count"
        (textarea,) = wrapper.tags("textarea")
        assert "govuk-js-character-count" in textarea.classes
        assert "maxlength" not in textarea.attrs
        info_id = f"{textarea.attrs['id']}-info"
        assert info_id in textarea.attrs["aria-describedby"].split()
        (info,) = wrapper.find_all(lambda node, info_id=info_id: node.attrs.get("id") == info_id)
        counts[textarea.attrs["id"]] = (wrapper.attrs["data-maxlength"], info.text())
    return counts
