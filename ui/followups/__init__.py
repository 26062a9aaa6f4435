"""What is due: the Due page and its follow-up widgets.
"""
