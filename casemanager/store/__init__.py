"""The database: opening it (SQLite/SQLCipher or PostgreSQL), the schema (models) and
its Alembic migrations, the unit of work (one action, one transaction, its audit
entries), locks between processes, the search index, the key file and SQLCipher, the
server connection rules, backups and restores.
"""
