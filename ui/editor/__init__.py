"""The case editor: one section per part of the file (person, status, custody and
service, contacts, appeals, timeline, attachments, notes, history) and, in dialogs/,
the dialogs that add or edit one record.
"""
