#!/bin/sh
# Run manage.py as the services do: as user kulturschatz, in /srv/kulturschatz,
# with /etc/kulturschatz/env. E.g.: deploy/manage.sh check --deploy
set -eu
APP_DIR=${KULTURSCHATZ_APP_DIR:-/srv/kulturschatz}
ENV_FILE=${KULTURSCHATZ_ENV_FILE:-/etc/kulturschatz/env}
cd "$APP_DIR"
exec runuser -u kulturschatz -- sh -c '
    set -a; . "$0"; set +a
    exec .venv/bin/python manage.py "$@"' "$ENV_FILE" "$@"
