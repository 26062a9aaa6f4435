"""The dialogs of the case editor that add or edit one record of a case.
"""
