"""Sending and receiving partners' bundles (casemanager.bundles).
"""
