"""Settings, the caseworker's own preferences, first-run questions and the People
page (roles on a shared server).
"""
