"""The request log keeps tracebacks for faults of ours (5xx). A refusal the service meant to give (400, 401, 403,
404, 409, 413) is one line at info level, so the errors worth reading are not buried under them."""

import logging


class ExpectedRefusals(logging.Filter):
    def filter(self, record):
        status = getattr(record, "status_code", None)
        if status is None or status >= 500:
            return True
        record.exc_info = record.exc_text = record.stack_info = None
        record.levelno, record.levelname = logging.INFO, "INFO"
        return logging.getLogger(record.name).isEnabledFor(logging.INFO)
