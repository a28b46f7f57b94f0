#!/bin/sh
# Copy the image's collected static files into the volume nginx serves
# (STATIC_EXPORT_DIR, set for the web service only). Hashed names let old and
# new files sit side by side, so pages rendered by a previous version still
# find theirs during a rolling update.
set -e
if [ -n "${STATIC_EXPORT_DIR:-}" ] && [ -d "$STATIC_EXPORT_DIR" ]; then
    cp -R /app/staticfiles/. "$STATIC_EXPORT_DIR"/
fi
exec "$@"
