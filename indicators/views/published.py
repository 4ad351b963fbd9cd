"""What a view may read of the published data: a small protocol the `ui` module satisfies
(its reads are cached) and tests satisfy with an adapter over a Store. Views that assemble a
page's pieces take it, so they never open the store themselves."""

from __future__ import annotations

from typing import Protocol

import pandas as pd

from indicators.data.catalogue import Catalogue


class Published(Protocol):
    """Read access to the published data."""

    def catalogue(self) -> Catalogue: ...
    def observations(self, indicator: str, *, level: str | None = None,
                     year: int | None = None, sex: str | None = "total",
                     area: str | None = None) -> pd.DataFrame: ...
    def years(self, indicator: str, level: str | None = None) -> list[int]: ...
    def area_scores(self, area_id: str) -> pd.DataFrame: ...
    def areas(self, level: str) -> pd.DataFrame: ...
    def table(self, name: str) -> pd.DataFrame: ...
    def map_geometry(self, level: str) -> pd.DataFrame: ...
