"""How the window runs work off the GUI thread and reports failures in one line.
"""
