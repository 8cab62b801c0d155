import sys

from core.defaults.cli import main

if __name__ == "__main__":
    sys.exit(main())
