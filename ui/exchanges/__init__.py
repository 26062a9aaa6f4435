"""Exchanges: negotiation rounds, their lists, published lists matched to our cases.
"""
