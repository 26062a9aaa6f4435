"""Protection: unlocking an encrypted database, the idle lock, backups and
restores, the audit log viewer.
"""
