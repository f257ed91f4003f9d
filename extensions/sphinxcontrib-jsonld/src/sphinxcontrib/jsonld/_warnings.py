"""The extension's warnings: one type, documented subtypes, always with a location."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from sphinx.util import logging

if TYPE_CHECKING:
    from docutils import nodes

WARNING_TYPE = "jsonld"

logger = logging.getLogger(__name__)


class JsonLdWarning(Enum):
    """Subtypes; silence one with ``suppress_warnings = ["jsonld.<value>"]``."""

    #: A ``jsonld`` block, or a node an extension gave, is not JSON the graph can hold.
    INVALID = "invalid"
    #: conf.py: a ``jsonld_*`` setting has the wrong type or an unusable value.
    CONFIG = "config"


def warn(
    kind: JsonLdWarning,
    message: str,
    location: nodes.Node | tuple[str, int | None] | str | None,
) -> None:
    """One warning, typed so that ``suppress_warnings`` can silence exactly this kind."""
    logger.warning(message, type=WARNING_TYPE, subtype=kind.value, location=location)
