"""Reusable input widgets: partial dates, countries, checked line edits, forms and
their inline errors, record tables.
"""
