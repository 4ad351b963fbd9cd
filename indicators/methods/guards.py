"""Input guards shared by the method modules: nonsense raises ValueError with a clear message."""

from __future__ import annotations

import math


def finite(value: object, name: str) -> float:
    """`value` as a finite float, or ValueError naming the argument."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return number
