"""The contacts page and the contact dialog.
"""
