"""Exchange with partner organisations: whole case files, signed and encrypted (issue 20).

- `keys`: the organisation's OpenPGP key pair and the partners' public keys.
- `pack`: a bundle's JSON (docs/bundle-format.md) from our cases, redacted by profile.
- `send`: sign, encrypt, write and record a bundle in the disclosure ledger.
- `receive`: verify, decrypt, check and merge a partner's bundle, all or nothing.

OpenPGP (pysequoia, the Sequoia library) so that a partner without Case Manager opens a
bundle with plain `gpg --decrypt`.
"""
