"""The packaged program's entry script (PyInstaller): no arguments opens the desktop
application, arguments run the command line."""

from casemanager.cli import bundle_main

raise SystemExit(bundle_main())
