"""Source references (12345 ticket numbers, 好差评 numbers) compared as the same ticket however they were typed."""

import unicodedata


def reference_key(reference: str) -> str:
    """`reference` in the form references are compared in: Unicode NFKC (full-width letters and digits become
    ordinary ones), case-folded, every space removed. "GD 2026-1001", "gd2026-1001" and "ＧＤ２０２６－１００１"
    are one key; "" stays ""."""
    return "".join(unicodedata.normalize("NFKC", reference or "").casefold().split())
