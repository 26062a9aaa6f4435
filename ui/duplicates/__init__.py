"""Likely duplicates and the merge dialog (with undo).
"""
