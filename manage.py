#!/usr/bin/env python
"""Same as the `motcua` console script; kept for Django tooling that expects manage.py."""

from motcua.cli import main

if __name__ == "__main__":
    main()
