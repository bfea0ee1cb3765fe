"""A page's elements with their attributes, ancestors and text, for structural assertions
(labels, table headers, landmarks) without a browser."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict
    ancestors: list = field(default_factory=list)
    text: str = ""

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def inside(self, css_class: str) -> bool:
        return any(css_class in ancestor.classes for ancestor in self.ancestors)


class _Outliner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self._open: list[Element] = []

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), list(self._open))
        self.elements.append(element)
        if tag not in VOID_ELEMENTS:
            self._open.append(element)

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index].tag == tag:
                del self._open[index:]
                break

    def handle_data(self, data):
        for element in self._open:
            element.text += data


def outline(html: str) -> list[Element]:
    parser = _Outliner()
    parser.feed(html)
    return parser.elements


def by_id(elements: list[Element]) -> dict[str, Element]:
    return {element.attrs["id"]: element for element in elements if element.attrs.get("id")}
