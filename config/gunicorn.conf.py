"""Gunicorn settings for production: `gunicorn -c config/gunicorn.conf.py`.

Behind a reverse proxy (nginx) that terminates TLS, buffers slow clients and serves nothing
but proxied requests to these workers. Every value can be overridden from the environment,
or for a one-off run on the command line (`--workers 3`) or in ``GUNICORN_CMD_ARGS``.

- **Workers**: ``WEB_CONCURRENCY``, else (2 × CPUs) + 1, Gunicorn's own starting point for
  sync workers: while one worker waits on PostgreSQL another uses the core. Sync workers
  because the proxy absorbs slow clients and keep-alive; each worker holds one persistent
  database connection (``DATABASE_CONN_MAX_AGE``), so PostgreSQL's ``max_connections`` must
  cover workers × hosts.
- **Bind**: ``GUNICORN_BIND`` (default ``127.0.0.1:8000``: only the proxy on this host).
- **Logs**: errors to stderr (the service manager's journal); no access log unless
  ``GUNICORN_ACCESS_LOG`` names a file or ``-``, since the proxy already writes one and a
  second costs a write per request.
- **Timeout**: ``GUNICORN_TIMEOUT`` (120 s). A sync worker cannot report to the master while
  it serves, so this must exceed the longest request: a national export of 1M rows streams for
  about a minute.
- **Recycling**: off. ``GUNICORN_MAX_REQUESTS`` restarts each worker after about that many
  requests (with 10 % jitter), should a worker's memory ever grow; a restart costs a cold
  worker (imports, templates, a new database connection).
"""

import os

wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1) + 1)
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
