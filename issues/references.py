"""Source references (12345 ticket numbers, 好差评 numbers) compared as the same ticket however they were typed."""

import unicodedata


def reference_key(reference: str) -> str:
    """`reference` in the form references are compared in: Unicode NFKC (full-width letters and digits become
    ordinary ones), case-folded, every space removed. "GD 2026-1001", "gd2026-1001" and "ＧＤ２０２６－１００１"
    are one key; "" stays ""."""
    return "".join(unicodedata.normalize("NFKC", reference or "").casefold().split())


def reference_taken_message(issue, *, reader) -> str:
    """What to tell `reader` when the ticket number is already in the ledger as `issue`: its ledger number when he
    may read that line, else only that another jurisdiction holds it (the number of a line he may not open is not
    his to know)."""
    from django.utils.translation import gettext as _

    from issues.models import issue_number
    from issues.selectors import issue_list

    if issue_list(user=reader).filter(pk=issue.pk).exists():
        return _("该单号已登记为台账%(number)s") % {"number": issue_number(issue.year, issue.sequence)}
    return _("该单号已由其他辖区登记,不能重复登记;如有疑问请联系上级政务服务中心")
