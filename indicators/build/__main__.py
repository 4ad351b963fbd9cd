"""`python -m indicators.build`: see the package's docstring."""

import sys

from indicators.build import main

sys.exit(main())
