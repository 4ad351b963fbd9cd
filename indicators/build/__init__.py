"""Build the published Umeå database from the raw files: ``python -m indicators.build``.

read → validate → stage (tidy frames) → publish into a NEW file → CHECKPOINT → atomic replace.
A failing build names the file and the problem and leaves the previous database untouched. The
same inputs give the same content (the content hash in the `dataset` table).

The steps, in the order `pipeline.assemble` runs them:

0. the crosswalks (indicators/sources/crosswalks.py): districts, stadsdel → district,
   valdistrikt → district, every district code checked;
1. places (places.py): the kommun outline, the planning districts as unions of their
   stadsdelar, the stadsdelar;
2. votes (votes.py): turnout per valdistrikt for ten elections, the valdistrikt areas, the
   kommun's figures, and the districts' turnout carried along the crosswalk (aggregate.py);
3. small areas (small_areas.py): DeSO and RegSO areas and figures, carried to districts and
   the kommun by land-area and population shares;
4. the kommun's own series (series.py, readers in indicators/sources/kommun.py): population,
   emissions by sector and per inhabitant, cars;
5. the demo dataset only (series.py): the seeded generator's illustrative indicators;
then the tables from the metadata (tables.py), and `pipeline.build` derives (scores, verdicts,
disclosure: indicators/methods/derive.py) and publishes (indicators/data/store.py).
"""

from indicators.build.aggregate import aggregate
from indicators.build.pipeline import DEFAULT_NAME, DEMO_NAME, assemble, build, main
from indicators.build.tables import AREA_LEVELS, catalogue_tables, indicator_table
from indicators.data.config import DATA_DIR

__all__ = ["AREA_LEVELS", "DATA_DIR", "DEFAULT_NAME", "DEMO_NAME", "aggregate", "assemble",
           "build", "catalogue_tables", "indicator_table", "main"]
