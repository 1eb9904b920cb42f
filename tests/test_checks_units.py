"""The number checks' parts one by one: what a user would see go wrong if one slipped.

Each test pins an output of a checks module (an admitted interval, a label, an explanation,
a blame, an arithmetic verdict) that a planted bug changes (docs/mutation.md).
"""

from __future__ import annotations
