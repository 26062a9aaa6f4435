"""Dossiers, the overview and the disclosure ledger.
"""
