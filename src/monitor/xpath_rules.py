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
        at = m.end()  # the pattern's leading \s* takes the space before the next token
    return out


# A value of the expression language for one element, as Python source over `el` (the element)
# and `g` (its `get`), with its kind: "bool" a truth value; "str" a string; "attrs" the
# attributes named (an XPath node-set of attributes: the names, read by the converters
# below); "nodes" whether a descendant exists; "lit" a string literal (its text).
Value = tuple[str, Any]


class _Code:
    """Constants the generated source refers to (compiled patterns, tables, name sets)."""

    def __init__(self) -> None:
        self.names: dict[str, Any] = {}

    def const(self, value: Any) -> str:
        name = f"_k{len(self.names)}"
        self.names[name] = value
        return name


def _union_values(el: Any, wanted: frozenset[str]) -> list[str]:
    # a union of an element's attributes is in document order: the order of the markup
    return [value for key, value in el.items() if key in wanted]


def _as_bool(value: Value, code: _Code) -> str:
    kind, src = value
    if kind in ("bool", "nodes"):
        return src
    if kind == "str":
        return f"bool({src})"
    if kind == "lit":
        return repr(bool(src))
    if kind == "attrs":
        if len(src) == 1:
            return f"(g({src[0]!r}) is not None)"
        return f"bool(_union_values(el, {code.const(frozenset(src))}))"
    raise Unsupported(kind)


def _as_str(value: Value, code: _Code) -> str:
    kind, src = value
    if kind == "str":
        return src
    if kind == "lit":
        return repr(src)
    if kind == "attrs":
        # the string value of a node-set is its first node's, "" when it is empty
        if len(src) == 1:
            return f"(g({src[0]!r}) or '')"
        return f"(_union_values(el, {code.const(frozenset(src))}) or ('',))[0]"
    raise Unsupported(f"{kind} as a string")


def _constant(value: Value) -> str:
    kind, src = value
    if kind != "lit":
        raise Unsupported("a pattern or table that is not a literal")
    return src


class _Parser:
    def __init__(self, path: str):
        self.toks = _tokens(path)
        self.at = 0
        self.code = _Code()

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

    # -- paths: (the tags to visit, the predicate's source, how to pick) --

    def path(self) -> tuple[tuple[Any, ...], str, str]:
        if self.peek("("):
            self.take("(")
            tags, test, pick = self.path()
            self.take(")")
            if self.peek("["):
                self.take("[")
                if self.take(kind="num") != "1":
                    raise Unsupported("a position other than the first")
                self.take("]")
                if pick != "all":
                    raise Unsupported("a position over positions")
                pick = "first"
            result = (tags, test, pick)
        else:
            self.take(".//")
            result = self.step()
        if not self.peek("|"):
            return result
        # `.//a[...]|.//b[...]|...`: the elements any branch selects, once each, in document
        # order (as XPath's union gives them): one walk testing each branch's tags and predicate
        branches = [result]
        while self.peek("|"):
            self.take("|")
            self.take(".//")
            branches.append(self.step())
        if any(pick != "all" for _tags, _test, pick in branches):
            raise Unsupported("a union of positions")
        if any(tags == (etree.Element,) for tags, _test, _pick in branches):
            every: tuple[Any, ...] = (etree.Element,)
        else:
            every = tuple(dict.fromkeys(tag for tags, _test, _pick in branches for tag in tags))
        tests = []
        for tags, test, _pick in branches:
            tag_test = "True" if tags == (etree.Element,) else (
                f"(el.tag in {self.code.const(frozenset(tags))})"
            )
            tests.append(f"({tag_test} and ({test}))")
        return every, " or ".join(tests), "all"

    def step(self) -> tuple[tuple[Any, ...], str, str]:
        element = self.peek("*")
        name = self.take("*") if element else self.take(kind="name")
        tags: tuple[Any, ...] = (etree.Element,) if element else (name,)
        tests: list[str] = []
        pick = "all"
        first_pred = True
        while self.peek("["):
            self.take("[")
            if self.peek(kind="num"):
                # `step[...][1]`: the first match among its siblings (child axis), last only
                if self.take() != "1":
                    raise Unsupported("a position other than the first")
                self.take("]")
                if self.peek("["):
                    raise Unsupported("a predicate after a position")
                pick = "first_of_siblings"
                break
            start = self.at
            only_tags = self.self_tests() if first_pred and element else None
            if only_tags:
                tags = only_tags  # libxml2's element-name filter, in C
            else:
                self.at = start
                tests.append(_as_bool(self.or_expr(), self.code))
            self.take("]")
            first_pred = False
        return tags, " and ".join(f"({t})" for t in tests) or "True", pick

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

    # -- expressions: predicates on one element, as Python source --

    def or_expr(self) -> Value:
        return self.joined("or", self.and_expr)

    def and_expr(self) -> Value:
        return self.joined("and", self.compare)

    def joined(self, op: str, operand: Callable[[], Value]) -> Value:
        """`operand (op operand)*`, parenthesised as a whole (Python's own short-circuit)."""
        parts = [operand()]
        while self.peek(op):
            self.take(op)
            parts.append(operand())
        if len(parts) == 1:
            return parts[0]
        return ("bool", "(" + f" {op} ".join(f"({_as_bool(p, self.code)})" for p in parts) + ")")

    def compare(self) -> Value:
        left = self.value()
        if not (self.peek("=") or self.peek("!=")):
            return left
        op = self.take()
        right = self.value()
        if left[0] == "lit" and right[0] == "attrs":
            left, right = right, left
        if left[0] != "attrs" or right[0] != "lit":
            raise Unsupported("a comparison other than attributes against a string")
        names, text = left[1], right[1]
        if len(names) == 1:
            if op == "=":
                return ("bool", f"(g({names[0]!r}) == {text!r})")
            return ("bool", f"(g({names[0]!r}) not in (None, {text!r}))")
        values = f"_union_values(el, {self.code.const(frozenset(names))})"
        if op == "=":
            return ("bool", f"({text!r} in {values})")
        return ("bool", f"any(v != {text!r} for v in {values})")

    def value(self) -> Value:
        if self.peek("("):
            self.take("(")
            inner = self.or_expr()
            self.take(")")
            return inner
        if self.peek(kind="str"):
            return ("lit", self.take()[1:-1])
        if self.peek("@"):
            names = []
            while True:
                self.take("@")
                names.append(self.take(kind="name"))
                if not self.peek("|"):
                    break
                self.take("|")
            return ("attrs", tuple(names))
        if self.peek(".//"):
            self.take(".//")
            tag = self.take(kind="name")
            return ("nodes", f"(next(el.iterdescendants({tag!r}), None) is not None)")
        name = self.take(kind="name")
        if name == "self" and self.peek("::"):
            self.take("::")
            return ("bool", f"(el.tag == {self.take(kind='name')!r})")
        self.take("(")
        args = [self.or_expr()]
        while self.peek(","):
            self.take(",")
            args.append(self.or_expr())
        self.take(")")
        return self.call(name, args)

    def call(self, name: str, args: list[Value]) -> Value:
        code = self.code
        if name == "not" and len(args) == 1:
            return ("bool", f"(not {_as_bool(args[0], code)})")
        if name in ("contains", "starts-with") and len(args) == 2:
            text, part = _as_str(args[0], code), _constant(args[1])
            if name == "contains":
                return ("bool", f"({part!r} in {text})")
            return ("bool", f"{text}.startswith({part!r})")
        if name == "translate" and len(args) == 3:
            text, old, new = _as_str(args[0], code), _constant(args[1]), _constant(args[2])
            table = str.maketrans(old[: len(new)], new[: len(old)], old[len(new):])
            return ("str", f"{text}.translate({code.const(table)})")
        if name == "re:test" and len(args) in (2, 3):
            text = _as_str(args[0], code)
            flags = _constant(args[2]) if len(args) == 3 else ""
            # as lxml's EXSLT regular expressions: Python's re, "i" for ignoring case
            pattern = re.compile(_constant(args[1]), re.IGNORECASE if "i" in flags else 0)
            return ("bool", f"({code.const(pattern.search)}({text}) is not None)")
        raise Unsupported(f"the function {name}")


_SELECT = """
def select(node):
    out = []
    for el in node.iterdescendants(*_tags):
        g = el.get
        if {test}:
            out.append(el)
{pick}
"""
_PICKS = {
    "all": "    return out",
    "first": "    return out[:1]",
    # in document order an element's earlier siblings come before it (and their descendants
    # before its own): a parent seen already had its first match
    "first_of_siblings": (
        "    seen, parents, kept = set(), [], []\n"
        "    for el in out:\n"
        "        parent = el.getparent()\n"
        "        if id(parent) not in seen:\n"
        "            seen.add(id(parent))\n"
        "            parents.append(parent)  # held, so no other element takes its id\n"
        "            kept.append(el)\n"
        "    return kept"
    ),
}


class CompiledRule:
    """One trafilatura rule compiled to Python; called as its lxml XPath is (`rule(tree)`)."""

    def __init__(self, xpath: Any):
        self.xpath = xpath
        self.path = xpath.path
        parser = _Parser(xpath.path)
        tags, test, pick = parser.path()
        if parser.at != len(parser.toks):
            raise Unsupported("text after the expression")
        self.source = _SELECT.format(test=test, pick=_PICKS[pick])
        namespace = {**parser.code.names, "_tags": tags, "_union_values": _union_values}
        exec(compile(self.source, f"<rule {self.path.strip()[:40]}>", "exec"), namespace)  # noqa: S102 - source built above from the rule's own tokens
        self._select = namespace["select"]

    def __call__(self, node: Any, **variables: Any) -> list[Any]:
        if variables or not etree.iselement(node):
            return self.xpath(node, **variables)
        return self._select(node)

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


# trafilatura's rules held alone by a module (not in a list): its baseline's cleaning (a union
# of paths with a cookie-banner `re:test`, ~5 ms a call in lxml), read where the full pass
# measures the page (`html2txt`) and in each justext candidate's input.
SINGLE_RULES = (("trafilatura.baseline", "BASIC_CLEAN_XPATH"),)
COMPILE_SINGLE_RULES = True


@functools.lru_cache(maxsize=1)
def _compiled_singles() -> tuple[tuple[Any, str, Any, Any], ...]:
    """(module, name, trafilatura's rule, the rule compiled) for each of SINGLE_RULES that
    compiles."""
    import importlib

    out = []
    for module_name, name in SINGLE_RULES:
        module = importlib.import_module(module_name)
        own = getattr(module, name, None)
        if isinstance(own, etree.XPath) and isinstance(fast := compile_rule(own), CompiledRule):
            out.append((module, name, own, fast))
    return tuple(out)


@contextlib.contextmanager
def faster_rules() -> Iterator[None]:
    """trafilatura's extraction rules compiled to Python inside the block, lxml's after it."""
    swapped = _compiled()
    singles = _compiled_singles() if COMPILE_SINGLE_RULES else ()
    for live, _own, fast in swapped:
        live[:] = fast
    for module, name, _own, fast in singles:
        setattr(module, name, fast)
    try:
        yield
    finally:
        for live, own, _fast in swapped:
            live[:] = own
        for module, name, own, _fast in singles:
            setattr(module, name, own)
