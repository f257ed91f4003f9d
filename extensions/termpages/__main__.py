"""Command line: ``python -m termpages new-term|serve|docs-tables ...``."""

from .scaffold import main

raise SystemExit(main())
