"""Print-ready PDF dossiers and letters (reportlab platypus), in English or Russian.

- `service`: make_dossier / make_dossier_folder (read, redact, render, record);
- `case_dossier`, `cover_letter`, `appeal_letter`: one renderer class per document,
  built on `base.DocumentRenderer`;
- `redaction`: the profiles (internal, embassy, icrc, public, strict) and what each
  leaves out; `labels`: the words in English and Russian; `fonts`: DejaVu Sans.
"""
