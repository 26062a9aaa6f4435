"""Case Manager core: the detainee case files, their database, services and command line.

Nothing in this package imports Qt: everything the desktop application can do is
reachable from Python and from the command line without a display.
"""

__version__ = "0.1.0"
