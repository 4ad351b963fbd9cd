"""`python -m indicators.ingest`: see the package's docstring."""

import sys

from indicators.ingest import main

sys.exit(main())
