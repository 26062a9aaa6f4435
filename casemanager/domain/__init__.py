"""The domain's words and rules, with no database: controlled vocabularies, partial
dates, countries, field rules (validation, references), names (keys, matching across
scripts, display), transliteration, redaction profiles, the plain data objects services
hand out (dto), errors and the progress protocol. The bottom layer: imports nothing
of the rest of casemanager.
"""
