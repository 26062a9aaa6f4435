"""The outer shape of a bundle's OpenPGP message, checked before it is decrypted.

A bundle is exactly: one or more public-key encrypted session keys (packet tag 1), then
one encrypted and integrity-protected data packet (tag 18, SEIPD; or tag 20, the AEAD
packet of RFC 9580 drafts), and nothing else; inside it a signed literal (the signature
is checked on decryption, by `receive.open_bundle`). A message that is only signed (`gpg
--sign`), one encrypted with a password (tag 3), one whose data is not integrity
protected (tag 9), or anything with more packets around it is not a bundle for us, and
is refused in one line, before anything else is done with it (pysequoia's `decrypt`
returns a signed-only message's content as if it had been encrypted).

Armored messages (`-----BEGIN PGP MESSAGE-----`, `gpg --armor`) are read too.
"""

from __future__ import annotations

import base64
import binascii

from casemanager.domain.errors import CaseManagerError
from casemanager.domain.messages import msg

PKESK, SKESK, SED, ONE_PASS, LITERAL, COMPRESSED, SIGNATURE, MARKER = 1, 3, 9, 4, 11, 8, 2, 10
SEIPD, AEAD = 18, 20
_ARMOR = b"-----BEGIN PGP MESSAGE-----"


class PacketError(CaseManagerError):
    """The message is not one encrypted to us holding a signed literal (one line)."""


def dearmor(data: bytes) -> bytes:
    """The binary message of an armored one (RFC 4880 §6.2); `data` as it is otherwise."""
    text = data.lstrip()
    if not text.startswith(_ARMOR):
        return data
    lines = text.decode("ascii", "replace").splitlines()[1:]
    # Armor headers ("Version: …", "Comment: …") end at the first blank line.
    if any(": " in line for line in lines[:1]):
        while lines and lines[0].strip():
            lines.pop(0)
    body = []
    for line in lines:
        line = line.strip()
        if line.startswith("-----END"):
            break
        if line.startswith("=") and len(line) == 5:
            continue  # the CRC-24 checksum line
        body.append(line)
    try:
        return base64.b64decode("".join(body), validate=True)
    except (binascii.Error, ValueError):
        raise PacketError(msg("the bundle's armored text is damaged")) from None


def packet_tags(data: bytes) -> list[int]:
    """The tags of the top-level packets of the binary message `data`; PacketError when
    its packet headers run past its end."""
    tags: list[int] = []
    pos, end = 0, len(data)
    while pos < end:
        head = data[pos]
        if not head & 0x80:
            raise PacketError(msg("the bundle is damaged or not an OpenPGP message"))
        pos += 1
        if head & 0x40:  # the new format: the tag in 6 bits, lengths in 1, 2, 5 octets
            tags.append(head & 0x3F)
            while True:
                if pos >= end:
                    raise PacketError(msg("the bundle is damaged or cut short"))
                first = data[pos]
                if first < 192:
                    length, pos = first, pos + 1
                    partial = False
                elif first < 224:
                    if pos + 1 >= end:
                        raise PacketError(msg("the bundle is damaged or cut short"))
                    length, pos = ((first - 192) << 8) + data[pos + 1] + 192, pos + 2
                    partial = False
                elif first == 255:
                    length, pos = int.from_bytes(data[pos + 1:pos + 5], "big"), pos + 5
                    partial = False
                else:  # a partial body length: more chunks follow
                    length, pos = 1 << (first & 0x1F), pos + 1
                    partial = True
                pos += length
                if not partial:
                    break
        else:  # the old format: the tag in 4 bits, a length of 1, 2, 4 or no octets
            tags.append((head >> 2) & 0x0F)
            kind = head & 0x03
            if kind == 3:  # indeterminate: to the end of the message
                pos = end
            else:
                size = (1, 2, 4)[kind]
                length = int.from_bytes(data[pos:pos + size], "big")
                pos += size + length
        if pos > end:
            raise PacketError(msg("the bundle is damaged or cut short"))
    return tags


def check_encrypted_message(data: bytes) -> None:
    """PacketError (one line) unless `data` (binary or armored) is an OpenPGP message
    encrypted to public keys: PKESK packets, then one integrity-protected encrypted
    data packet, nothing else (marker packets, which readers must ignore, aside)."""
    tags = [t for t in packet_tags(dearmor(data)) if t != MARKER]
    if not tags:
        raise PacketError(msg("the bundle is empty"))
    if tags[0] in (ONE_PASS, SIGNATURE, LITERAL, COMPRESSED):
        raise PacketError(msg("the bundle is not encrypted (only signed, or plain); a "
                              "bundle must be encrypted to this organisation's key"))
    if SKESK in tags:
        raise PacketError(msg("the bundle is encrypted with a password, not to this "
                              "organisation's key"))
    if SED in tags:
        raise PacketError(msg("the bundle's encryption has no integrity protection; ask "
                              "the sender for an ordinary OpenPGP message"))
    keys = 0
    while keys < len(tags) and tags[keys] == PKESK:
        keys += 1
    if keys == 0 or tags[keys:] not in ([SEIPD], [AEAD]):
        raise PacketError(msg("the bundle is not an OpenPGP message encrypted to this "
                              "organisation's key (its packets: {tags})",
                              tags=" ".join(str(t) for t in tags[:12])))
