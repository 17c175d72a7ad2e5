"""Read one HTML page into what the watch compares: visible text, links, scripts, iframes, and
what is hidden from people but not from search engines (the usual injected-spam trick).

Standard library only (html.parser). Hidden means: the `hidden` attribute, or an inline style or
a rule of the page's own <style> blocks (by class, id or tag) with display:none,
visibility:hidden, font-size:0, or off-screen positioning (a large negative left/top/text-indent).
Each element gets a short CSS-like location ('body > div.footer > a:nth-of-type(3)').
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
SKIP_TEXT = {"script", "style", "noscript", "template", "head", "title"}
BLOCK = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "section", "article", "header",
         "footer", "nav", "main", "aside", "br", "ul", "ol", "table", "blockquote", "form", "span", "a"}

_HIDDEN_DECL = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?:\.0+)?(?:px|em|rem|pt|%)?\s*(?:;|$|!)"
    r"|(?:left|top|text-indent|margin-left)\s*:\s*-\s*\d{3,}|clip\s*:\s*rect\(\s*0|opacity\s*:\s*0(?:\.0+)?\s*(?:;|$|!)"
    r"|(?:height|width)\s*:\s*0(?:px)?\s*;.*overflow\s*:\s*hidden",
    re.I | re.S,
)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([\w-]+)", re.I)
_STYLE_BLOCK = re.compile(r"<style[^>]*>(.*?)</style\s*>", re.I | re.S)
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_AT_BLOCK = re.compile(r"@[\w-]+[^{};]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}")
_CONDITIONAL = re.compile(r"width|height|orientation|print|hover|pointer|aspect-ratio|resolution", re.I)
_SIMPLE = re.compile(r"^\s*([a-z][a-z0-9]*)?((?:[.#][\w-]+)+)?\s*$", re.I)


def is_hidden_style(style: str) -> bool:
    return bool(style) and bool(_HIDDEN_DECL.search(style))


@dataclass
class HiddenSelectors:
    classes: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)
    tags: set[str] = field(default_factory=set)

    def matches(self, tag: str, classes: list[str], element_id: str) -> bool:
        return tag in self.tags or element_id in self.ids or any(c in self.classes for c in classes)


def hidden_selectors(html: str) -> HiddenSelectors:
    """Simple selectors (tag, .class, #id, and their last compound part) that a <style> block hides."""
    found = HiddenSelectors()
    for css in _STYLE_BLOCK.findall(html):
        css = re.sub(r"/\*.*?\*/", " ", css, flags=re.S)
        # Rules under a size/print/hover condition apply only sometimes (a menu hidden on phones): not
        # hidden. '@media screen' or 'all' applies always, so an injected rule cannot hide behind it.
        css = _AT_BLOCK.sub(lambda m: " " if _CONDITIONAL.search(m.group(0).split("{", 1)[0]) else m.group(0), css)
        for selectors, declarations in _RULE.findall(css):
            if not is_hidden_style(declarations):
                continue
            for selector in selectors.split(","):
                last = selector.strip().split()[-1] if selector.strip() else ""
                match = _SIMPLE.match(last)
                if not match:
                    continue
                tag, rest = match.group(1), match.group(2) or ""
                parts = re.findall(r"([.#])([\w-]+)", rest)
                if not parts and tag:
                    found.tags.add(tag.lower())
                for kind, name in parts:
                    (found.classes if kind == "." else found.ids).add(name)
    return found


@dataclass
class Link:
    href: str
    text: str
    hidden: bool
    selector: str


@dataclass
class Snapshot:
    url: str
    sha256: str
    title: str = ""
    text: list[str] = field(default_factory=list)  # visible text blocks, in page order
    links: list[Link] = field(default_factory=list)
    scripts: list[dict] = field(default_factory=list)  # {"key": src or inline hash, "selector": ...}
    iframes: list[dict] = field(default_factory=list)
    hidden_text: list[dict] = field(default_factory=list)  # {"text": ..., "selector": ...}

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Snapshot:
        data = dict(data)
        data["links"] = [Link(**link) for link in data.get("links", [])]
        return cls(**data)

    @property
    def text_sha256(self) -> str:
        return hashlib.sha256("\n".join(self.text).encode()).hexdigest()


@dataclass
class _Frame:
    tag: str
    hidden: bool
    label: str
    counts: dict[str, int] = field(default_factory=dict)


class _PageParser(HTMLParser):
    def __init__(self, base_url: str, hidden_rules: HiddenSelectors):
        super().__init__(convert_charrefs=True)
        self.base_url = base_url
        self.rules = hidden_rules
        self.stack: list[_Frame] = [_Frame("#root", False, "")]
        self.snapshot = Snapshot(url=base_url, sha256="")
        self._block: list[str] = []
        self._hidden_block: list[str] = []
        self._hidden_selector = ""
        self._link: tuple[dict, list[str]] | None = None
        self._script: list[str] | None = None
        self._script_selector = ""
        self._title: list[str] | None = None

    # --- structure ---
    def _selector(self) -> str:
        return " > ".join(f.label for f in self.stack[1:] if f.label)

    def _skipping(self) -> bool:
        return any(f.tag in SKIP_TEXT for f in self.stack)

    def _hidden(self) -> bool:
        return self.stack[-1].hidden

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        classes = values.get("class", "").split()
        element_id = values.get("id", "")
        parent = self.stack[-1]
        parent.counts[tag] = parent.counts.get(tag, 0) + 1
        label = tag + (f"#{element_id}" if element_id else f".{classes[0]}" if classes else "")
        if not element_id and parent.counts[tag] > 1:
            label += f":nth-of-type({parent.counts[tag]})"
        hidden = parent.hidden or "hidden" in values or is_hidden_style(values.get("style", "")) \
            or self.rules.matches(tag, classes, element_id)
        if tag in BLOCK:
            self._flush()
        if tag in VOID:
            self._void(tag, values, label, hidden)
            return
        self.stack.append(_Frame(tag, hidden, label))
        if tag == "a" and values.get("href"):
            self._link = ({"href": urljoin(self.base_url, values["href"].strip()), "hidden": hidden,
                           "selector": self._selector()}, [])
        elif tag == "script":
            self._script_selector = self._selector()
            if values.get("src"):
                self.snapshot.scripts.append({"key": urljoin(self.base_url, values["src"].strip()),
                                              "selector": self._script_selector})
            else:
                self._script = []
        elif tag == "iframe" and values.get("src"):
            self.snapshot.iframes.append({"key": urljoin(self.base_url, values["src"].strip()),
                                          "selector": self._selector(), "hidden": hidden})
        elif tag == "title":
            self._title = []

    def _void(self, tag: str, values: dict, label: str, hidden: bool) -> None:
        if tag == "br":
            self._flush()

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if not any(f.tag == tag for f in self.stack[1:]):
            return  # a stray end tag: ignore, as browsers do
        if tag in BLOCK:
            self._flush()
        while len(self.stack) > 1:
            frame = self.stack.pop()
            self._close(frame)
            if frame.tag == tag:
                break

    def _close(self, frame: _Frame) -> None:
        if frame.tag == "a" and self._link is not None:
            info, words = self._link
            self.snapshot.links.append(Link(info["href"], _squash(" ".join(words)), info["hidden"], info["selector"]))
            self._link = None
        elif frame.tag == "script" and self._script is not None:
            code = "".join(self._script).strip()
            if code:
                digest = hashlib.sha256(code.encode()).hexdigest()[:16]
                self.snapshot.scripts.append({"key": f"inline:{digest}", "selector": self._script_selector,
                                              "code": code[:300]})
            self._script = None
        elif frame.tag == "title" and self._title is not None:
            self.snapshot.title = _squash(" ".join(self._title))[:300]
            self._title = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)
            return
        if self._title is not None:
            self._title.append(data)
            return
        if self._skipping() or not data.strip():
            return
        if self._link is not None:
            self._link[1].append(data)
        if self._hidden():
            if not self._hidden_block:
                self._hidden_selector = self._selector()
            self._hidden_block.append(data)
        else:
            self._block.append(data)

    def _flush(self) -> None:
        text = _squash(" ".join(self._block))
        if text:
            self.snapshot.text.append(text)
        hidden = _squash(" ".join(self._hidden_block))
        if hidden:
            self.snapshot.hidden_text.append({"text": hidden[:2000], "selector": self._hidden_selector})
        self._block, self._hidden_block = [], []

    def close(self) -> None:
        super().close()
        while len(self.stack) > 1:
            self._close(self.stack.pop())
        self._flush()


def _squash(text: str) -> str:
    return " ".join(text.split())


def parse_page(url: str, body: bytes, charset: str | None = None) -> Snapshot:
    if not charset:  # no charset in the HTTP header: the page's own <meta> says it
        match = _META_CHARSET.search(body[:4096])
        charset = match.group(1).decode("ascii", "replace") if match else None
    try:
        html = body.decode(charset or "utf-8", "replace")
    except LookupError:  # a charset name Python does not know: read it as UTF-8
        html = body.decode("utf-8", "replace")
    parser = _PageParser(url, hidden_selectors(html))
    parser.feed(html)
    parser.close()
    snapshot = parser.snapshot
    snapshot.sha256 = hashlib.sha256(body).hexdigest()
    return snapshot


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
