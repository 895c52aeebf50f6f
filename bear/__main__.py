"""`python -m bear`: the same as the `bear` command."""
import sys

from bear.cli import main

if __name__ == "__main__":  # guarded: engine child processes (spawn) import __main__ again
    sys.exit(main())
