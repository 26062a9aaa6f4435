"""Everything printed: PDF dossiers, letters and the overview (reportlab platypus), in
English or Russian.

- `dossiers`: make_dossier / make_dossier_folder (read, redact, render, record);
- `case_dossier`, `cover_letter`, `appeal_letter`: one renderer class per document,
  built on `base.DocumentRenderer`;
- `overview_pdf`: the overview for periodic reporting; `images`: photos made safe to print;
- `labels`: the words in English and Russian; `fonts`: DejaVu Sans.

What each redaction profile leaves out is a domain rule: casemanager.domain.redaction.
"""
