"""The machine the program runs on: where files live (data folder, resources,
backups), writing private files atomically, the caseworker's language outside the
GUI, crash reports. Imports only the domain.
"""
