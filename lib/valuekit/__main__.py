import sys

from valuekit.cli import main

sys.exit(main())
