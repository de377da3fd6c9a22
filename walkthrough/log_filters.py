"""Logging filters referenced by settings.LOGGING."""

import logging


class NoTracebackForForbidden(logging.Filter):
    """A refused request (403) is an expected answer, not a fault: one line, without the PermissionDenied traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
