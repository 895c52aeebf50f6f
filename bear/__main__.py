import sys

from bear.cli import main

sys.exit(main())
