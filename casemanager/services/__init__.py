"""Every user action and every read the front ends need, one function each: cases,
contacts, records, attachments, status, search, duplicates and merge, audit reading,
follow-ups, the overview, exchanges and published lists, people and access, settings,
demo data. The command line and the window call these; nothing here formats output.
"""
