"""gunicorn's settings for the portal: `gunicorn -c pontive/gunicorn_conf.py pontive.wsgi`.

The access log names the method, the path without its query string, the status,
the size and the time taken: no query string, no referrer, no user agent, any of
which may carry personal data. What remains still passes the redacting filter,
because a person can type an email into the address bar.
"""

import os

from gunicorn.glogging import Logger

from reservations.logfilters import RedactPersonalData

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
timeout = 60
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'


class RedactingLogger(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.access_log, self.error_log):
            log.addFilter(RedactPersonalData())


logger_class = RedactingLogger
