"""`python -m casemanager` runs the command line."""

from casemanager.cli import main

raise SystemExit(main())
