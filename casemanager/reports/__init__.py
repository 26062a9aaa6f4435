"""Print-ready PDFs (reportlab platypus): dossiers and letters in English or Russian, and
the overview.

- `base.DocumentRenderer`: what every document shares (page, fonts, styles, header,
  "Page X of Y", the escaping `paragraph()` helper, bytes out);
- `case_dossier`, `cover_letter`, `appeal_letter`, `overview_pdf`: one renderer class per
  document, each derived from it;
- `dossiers`: make_dossier / make_dossier_folder (read, redact, render, record);
- `labels`: the words in English and Russian; `fonts`: DejaVu Sans, registered once,
  and text made safe for it; `images`: photos re-encoded before embedding.

The redaction profiles (what each recipient is not shown) are `domain.redaction`.
"""
