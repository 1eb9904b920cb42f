"""monitor: media monitoring with source-quality scoring.

The small public API; stages load lazily so `import monitor` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = [
    "NumberMention",
    "Warehouse",
    "detect_language",
    "extract_numbers",
    "load_settings",
]

if TYPE_CHECKING:
    from .language import detect_language
    from .models import NumberMention
    from .numbers import extract_numbers
    from .settings import load_settings
    from .warehouse import Warehouse

_LAZY = {
    "detect_language": ("language", "detect_language"),
    "extract_numbers": ("numbers", "extract_numbers"),
    "load_settings": ("settings", "load_settings"),
    "Warehouse": ("warehouse", "Warehouse"),
    "NumberMention": ("models", "NumberMention"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(f".{module}", __name__), attr)
    raise AttributeError(f"module 'monitor' has no attribute {name!r}")
