"""Command line: ``python -m termpages new-term "Name" --category id``."""

from .scaffold import main

raise SystemExit(main())
