"""Allow ``python -m tui`` as well as the ``dealboard`` console script."""

import sys

from tui.launch import main

sys.exit(main())
