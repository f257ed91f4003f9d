"""The ``jsonld`` directive: schema.org nodes written by hand into a page's graph."""

from __future__ import annotations

import json
import math
import re
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ._warnings import JsonLdWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.docutils import SphinxTranslator

#: Set on a document holding a block, so that pages without one are not searched.
HAS_BLOCKS = "jsonld-has-blocks"


class jsonld_data(nodes.Invisible, nodes.Element):  # noqa: N801 - docutils node naming
    """The objects of one ``jsonld`` block (attribute ``nodes``); no builder shows them."""


def _skip(translator: SphinxTranslator, node: nodes.Element) -> None:
    raise nodes.SkipNode


class NotJsonNumberError(ValueError):
    """A number JSON has no way to write (NaN, Infinity, or one that overflows to it)."""


def _reject_constant(token: str) -> Any:
    raise NotJsonNumberError(token)


def _finite(token: str) -> float:
    value = float(token)
    if not math.isfinite(value):
        raise NotJsonNumberError(token)
    return value


#: Above this, a parser that reads numbers as IEEE doubles (JavaScript's, most others) gets
#: Infinity; Python's int() also stops at 4300 digits. Text, not a number, holds such a value.
_LARGEST_DOUBLE = 1.7976931348623157e308


class HugeIntegerError(ValueError):
    """An integer that parsers reading numbers as doubles take for Infinity."""


def _integer(token: str) -> int:
    digits = len(token.lstrip("-"))
    if digits > 309 or abs(int(token)) > _LARGEST_DOUBLE:
        raise HugeIntegerError(f"{token[:12]}... ({digits} digits)" if digits > 20 else token)
    return int(token)


class DuplicateKeyError(ValueError):
    """One object naming a key twice: parsers disagree on which value counts."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise DuplicateKeyError(key)
        seen[key] = value
    return seen


#: Deeper than this, Python's parser (and others) run out of stack; no schema.org node needs it.
MAX_DEPTH = 64
_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _depth(text: str) -> int:
    """How deeply the text's arrays and objects nest (brackets inside strings don't count)."""
    depth = deepest = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        token = match[0]
        if token in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "]}":
            depth -= 1
    return deepest


#: A UTF-16 surrogate alone: Python holds a valid pair as one character, so any is lone.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def lone_surrogate(text: str) -> str | None:
    """The first lone surrogate of ``text`` as its escape (``\\ud800``), if it has one."""
    found = LONE_SURROGATE.search(text)
    return None if found is None else f"\\u{ord(found[0]):04x}"


def parse_block(text: str) -> list[dict[str, Any]] | str:
    """The block's objects, or what is wrong with it (a message for the writer).

    As strict as the parsers that read the page: no NaN or Infinity (nor a number
    so large it overflows to one, integers too), no lone UTF-16 surrogate
    (``"\\ud800"``) in text, no key twice in one object, no nesting deeper than
    ``MAX_DEPTH`` (a parser's stack would give out first).
    """
    if _depth(text) > MAX_DEPTH:
        return f"it nests arrays and objects more than {MAX_DEPTH} deep"
    try:
        data = json.loads(
            text,
            parse_constant=_reject_constant,
            parse_float=_finite,
            parse_int=_integer,
            object_pairs_hook=_unique_keys,
        )
    except NotJsonNumberError as error:
        return f"{error} is not a JSON number (JSON has no NaN or Infinity)"
    except HugeIntegerError as error:
        return (
            f"the integer {error} is too large for JSON parsers that read numbers as "
            "doubles (they get Infinity); write it as a string"
        )
    except DuplicateKeyError as error:
        key = json.dumps(str(error)[:80], ensure_ascii=False)
        return f"the key {key} appears twice in one object (parsers differ on which counts)"
    except json.JSONDecodeError as error:
        return f"not valid JSON: {error.msg} (line {error.lineno} of the block)"
    surrogate = lone_surrogate(json.dumps(data, ensure_ascii=False))
    if surrogate is not None:
        return (
            f"{surrogate} is half of a UTF-16 pair, not text (strict JSON parsers refuse a "
            "lone surrogate)"
        )
    items = data if isinstance(data, list) else [data]
    if not items or not all(isinstance(item, dict) and item for item in items):
        return "give a JSON object, or an array of objects"
    if not all("@type" in item or "@id" in item for item in items):
        return "each object needs an @type, or the @id of a node it adds to"
    return items


class JsonLdDirective(SphinxDirective):
    """``jsonld``: a JSON object or array of objects, added to this page's graph."""

    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        parsed = parse_block("\n".join(self.content))
        if isinstance(parsed, str):
            warn(JsonLdWarning.INVALID, f"jsonld: {parsed}", (self.env.docname, self.lineno))
            return []
        self.state.document[HAS_BLOCKS] = True
        return [jsonld_data(nodes=parsed)]


def blocks_of(doctree: nodes.document | None) -> list[dict[str, Any]]:
    """Every object the page's ``jsonld`` blocks hold, in the order written."""
    if doctree is None or not doctree.get(HAS_BLOCKS):
        return []
    return [item for holder in doctree.findall(jsonld_data) for item in holder["nodes"]]


def drop_outside_html(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: builders other than HTML get a doctree without blocks.

    Every builder, a third party's too, then writes as if there had been none. (No
    HAS_BLOCKS shortcut: LaTeX, man and Texinfo resolve one tree assembled from many.)
    """
    if app.builder.format != "html":
        for holder in list(doctree.findall(jsonld_data)):
            holder.parent.remove(holder)


def setup_directive(app: Sphinx) -> None:
    app.add_node(jsonld_data, html=(_skip, None))
    app.add_directive("jsonld", JsonLdDirective)
    app.connect("doctree-resolved", drop_outside_html)
