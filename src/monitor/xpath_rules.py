"""trafilatura's pruning rules, evaluated in Python instead of by libxml2's XPath engine.

trafilatura prunes every page with XPath expressions (`trafilatura.xpaths`) whose tests are
mostly regular expressions on `@id` and `@class` (EXSLT `re:test`). libxml2 calls back into
Python for each such test on each element it visits: about a quarter of the CPU of cleaning a
page. This module compiles the small part of XPath those expressions use into Python
predicates over lxml elements, which select exactly the elements lxml selects (in the same
document order: tests/test_xpath_rules.py compares both on real pages), in about a third of
the time. An expression outside that part is left to lxml, so a trafilatura release with new
rules still runs them as written.

`faster_rules()` puts the compiled rules in trafilatura's lists for the length of a `with`
block (the cleaning stage's calls) and puts the originals back after: other users of
trafilatura in the process (the extraction benchmark's plain baseline) keep lxml's.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Callable, Iterator
from typing import Any

from lxml import etree

# The lists of trafilatura.xpaths the extraction runs (its metadata rules are not run here).
RULE_LISTS = (
    "BODY_XPATH",
    "COMMENTS_DISCARD_XPATH",
    "COMMENTS_XPATH",
    "DISCARD_IMAGE_ELEMENTS",
    "OVERALL_DISCARD_XPATH",
    "PRECISION_DISCARD_XPATH",
    "RAW_TREE_PRUNE_XPATH",
    "REMOVE_COMMENTS_AND_LISTS_XPATH",
    "REMOVE_COMMENTS_XPATH",
    "TEASER_DISCARD_XPATH",
)


class Unsupported(ValueError):
    """An expression outside the compiled part of XPath (lxml evaluates it)."""


_TOKEN = re.compile(
    r"""\s*(?:(?P<str>'[^']*'|"[^"]*")|(?P<num>\d+)(?![\w-])|(?P<op>\.//|::|!=|[()\[\]|,=@*])"""
    r"""|(?P<name>[A-Za-z_][\w.-]*(?::[A-Za-z_][\w-]*)?))"""
)


def _tokens(path: str) -> list[tuple[str, str]]:
    out, at = [], 0
    path = path.strip()
    while at < len(path):
        m = _TOKEN.match(path, at)
        if m is None or m.end() == at:
            raise Unsupported(f"cannot read {path[at:at + 20]!r}")
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind)))
        at = m.end()
        while at < len(path) and path[at].isspace():
            at += 1
    return out


# A value of the expression language for one element: its kind and how to compute it.
#   "bool": a truth value; "str": a string; "attrs": the values of the attributes named, in
#   document order (an XPath node-set of attributes); "nodes": whether a descendant exists.
Value = tuple[str, Callable[[Any], Any]]


def _attrs(names: tuple[str, ...]) -> Callable[[Any], list[str]]:
    if len(names) == 1:
        name = names[0]

        def one(el: Any) -> list[str]:
            value = el.get(name)
            return [] if value is None else [value]

        return one
    wanted = frozenset(names)

    def union(el: Any) -> list[str]:
        # a union of an element's attributes is in document order: the order of the markup
        return [value for key, value in el.items() if key in wanted]

    return union


def _as_bool(value: Value) -> Callable[[Any], bool]:
    kind, fn = value
    if kind == "bool":
        return fn
    if kind in ("attrs", "str"):
        return lambda el: bool(fn(el))
    if kind == "nodes":
        return fn
    raise Unsupported(kind)


def _as_str(value: Value) -> Callable[[Any], str]:
    kind, fn = value
    if kind == "str":
        return fn
    if kind == "attrs":
        # the string value of a node-set is its first node's, "" when it is empty
        return lambda el: (fn(el) or ("",))[0]
    raise Unsupported(f"{kind} as a string")


def _constant(value: Value) -> str:
    kind, fn = value
    if kind != "str" or not getattr(fn, "constant", False):
        raise Unsupported("a pattern or table that is not a literal")
    return fn(None)


def _literal(text: str) -> Value:
    def fn(_el: Any) -> str:
        return text

    fn.constant = True  # type: ignore[attr-defined]
    return ("str", fn)


class _Parser:
    def __init__(self, path: str):
        self.toks = _tokens(path)
        self.at = 0

    def peek(self, text: str | None = None, kind: str | None = None) -> bool:
        if self.at >= len(self.toks):
            return False
        k, t = self.toks[self.at]
        return (text is None or t == text) and (kind is None or k == kind)

    def take(self, text: str | None = None, kind: str | None = None) -> str:
        if not self.peek(text, kind):
            got = self.toks[self.at][1] if self.at < len(self.toks) else "the end"
            raise Unsupported(f"expected {text or kind}, got {got!r}")
        self.at += 1
        return self.toks[self.at - 1][1]

    # -- paths: selectors from a context element to the elements they select, in order --

    def path(self) -> Callable[[Any], Iterator[Any]]:
        term = self.term()
        if self.peek("|"):
            raise Unsupported("a union of paths")
        return term

    def term(self) -> Callable[[Any], Iterator[Any]]:
        if self.peek("("):
            self.take("(")
            inner = self.path()
            self.take(")")
            if not self.peek("["):
                return inner
            self.take("[")
            if self.take(kind="num") != "1":
                raise Unsupported("a position other than the first")
            self.take("]")

            def first(node: Any) -> Iterator[Any]:
                for el in inner(node):
                    yield el
                    return

            return first
        self.take(".//")
        return self.step()

    def step(self) -> Callable[[Any], Iterator[Any]]:
        tag = etree.Element if self.peek("*") else None
        name = self.take("*") if tag is not None else self.take(kind="name")
        tags: tuple[Any, ...] = (tag,) if tag is not None else (name,)
        preds: list[Callable[[Any], bool]] = []
        first_pred, first_child = True, False
        while self.peek("["):
            self.take("[")
            if self.peek(kind="num"):
                # `step[...][1]`: the first match among its siblings (child axis), last only
                if self.take() != "1":
                    raise Unsupported("a position other than the first")
                self.take("]")
                if self.peek("["):
                    raise Unsupported("a predicate after a position")
                first_child = True
                break
            start = self.at
            only_tags = self.self_tests() if first_pred and tag is not None else None
            if only_tags:
                tags = only_tags  # libxml2's element-name filter, in C
            else:
                self.at = start
                preds.append(_as_bool(self.or_expr()))
            self.take("]")
            first_pred = False

        def select(node: Any) -> Iterator[Any]:
            for el in node.iterdescendants(*tags):
                if all(p(el) for p in preds):
                    yield el

        if not first_child:
            return select

        def first_of_siblings(node: Any) -> Iterator[Any]:
            # in document order an element's earlier siblings come before it (and their
            # descendants before its own): a parent seen already had its first match
            seen, parents = set(), []  # parents held, so their ids stay theirs
            for el in select(node):
                parent = el.getparent()
                if id(parent) not in seen:
                    seen.add(id(parent))
                    parents.append(parent)
                    yield el

        return first_of_siblings

    def self_tests(self) -> tuple[str, ...] | None:
        """`self::a or self::b ...` alone in a predicate: the tag names, else None."""
        names = []
        while True:
            if not self.peek("self"):
                return None
            self.take("self")
            self.take("::")
            names.append(self.take(kind="name"))
            if self.peek("or"):
                self.take("or")
                continue
            return tuple(names) if self.peek("]") else None

    # -- expressions: predicates on one element --

    def or_expr(self) -> Value:
        parts = [self.and_expr()]
        while self.peek("or"):
            self.take("or")
            parts.append(self.and_expr())
        if len(parts) == 1:
            return parts[0]
        tests = [_as_bool(p) for p in parts]
        return ("bool", lambda el: any(t(el) for t in tests))

    def and_expr(self) -> Value:
        parts = [self.compare()]
        while self.peek("and"):
            self.take("and")
            parts.append(self.compare())
        if len(parts) == 1:
            return parts[0]
        tests = [_as_bool(p) for p in parts]
        return ("bool", lambda el: all(t(el) for t in tests))

    def compare(self) -> Value:
        left = self.value()
        if not (self.peek("=") or self.peek("!=")):
            return left
        op = self.take()
        right = self.value()
        if left[0] == "str" and right[0] == "attrs":
            left, right = right, left
        if left[0] != "attrs" or right[0] != "str":
            raise Unsupported("a comparison other than attributes against a string")
        values, text = left[1], _constant(right)
        if op == "=":
            return ("bool", lambda el: text in values(el))
        return ("bool", lambda el: any(v != text for v in values(el)))

    def value(self) -> Value:
        if self.peek("("):
            self.take("(")
            inner = self.or_expr()
            self.take(")")
            return inner
        if self.peek(kind="str"):
            return _literal(self.take()[1:-1])
        if self.peek("@"):
            names = []
            while True:
                self.take("@")
                names.append(self.take(kind="name"))
                if not self.peek("|"):
                    break
                self.take("|")
            return ("attrs", _attrs(tuple(names)))
        if self.peek(".//"):
            self.take(".//")
            tag = self.take(kind="name")
            return ("nodes", lambda el: next(el.iterdescendants(tag), None) is not None)
        name = self.take(kind="name")
        if name == "self" and self.peek("::"):
            self.take("::")
            tag = self.take(kind="name")
            return ("bool", lambda el: el.tag == tag)
        self.take("(")
        args = [self.or_expr()]
        while self.peek(","):
            self.take(",")
            args.append(self.or_expr())
        self.take(")")
        return self.call(name, args)

    def call(self, name: str, args: list[Value]) -> Value:
        if name == "not" and len(args) == 1:
            test = _as_bool(args[0])
            return ("bool", lambda el: not test(el))
        if name in ("contains", "starts-with") and len(args) == 2:
            text = _as_str(args[0])
            part = _constant(args[1])
            if name == "contains":
                return ("bool", lambda el: part in text(el))
            return ("bool", lambda el: text(el).startswith(part))
        if name == "translate" and len(args) == 3:
            text, old, new = _as_str(args[0]), _constant(args[1]), _constant(args[2])
            table = str.maketrans(old[: len(new)], new[: len(old)], old[len(new):])
            return ("str", lambda el: text(el).translate(table))
        if name == "re:test" and len(args) in (2, 3):
            text = _as_str(args[0])
            flags = _constant(args[2]) if len(args) == 3 else ""
            # as lxml's EXSLT regular expressions: Python's re, "i" for ignoring case
            search = re.compile(_constant(args[1]), re.IGNORECASE if "i" in flags else 0).search
            return ("bool", lambda el: search(text(el)) is not None)
        raise Unsupported(f"the function {name}")


class CompiledRule:
    """One trafilatura rule compiled to Python; called as its lxml XPath is (`rule(tree)`)."""

    def __init__(self, xpath: Any):
        self.xpath = xpath
        self.path = xpath.path
        parser = _Parser(xpath.path)
        self._select = parser.path()
        if parser.at != len(parser.toks):
            raise Unsupported("text after the expression")

    def __call__(self, node: Any, **variables: Any) -> list[Any]:
        if variables or not etree.iselement(node):
            return self.xpath(node, **variables)
        return list(self._select(node))

    def __repr__(self) -> str:
        return f"CompiledRule({self.path.strip()[:60]!r}...)"


def compile_rule(xpath: Any) -> Any:
    """The rule compiled to Python, or the XPath itself when it is outside the compiled part."""
    try:
        return CompiledRule(xpath)
    except Unsupported:
        return xpath


@functools.lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[list, list, list], ...]:
    """(trafilatura's list, its own rules, the rules compiled) for each list of RULE_LISTS."""
    from trafilatura import xpaths

    out = []
    for name in RULE_LISTS:
        rules = getattr(xpaths, name, None)
        if isinstance(rules, list):
            out.append((rules, list(rules), [compile_rule(x) for x in rules]))
    return tuple(out)


@contextlib.contextmanager
def faster_rules() -> Iterator[None]:
    """trafilatura's extraction rules compiled to Python inside the block, lxml's after it."""
    swapped = _compiled()
    for live, _own, fast in swapped:
        live[:] = fast
    try:
        yield
    finally:
        for live, own, _fast in swapped:
            live[:] = own
