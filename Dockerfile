# zaduo-office production image: Django under gunicorn; the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_PRODUCTION=1

# WeasyPrint needs pango; libharfbuzz-subset0 keeps font subsetting fast (without it every PDF takes 10+ s);
# fonts-noto-cjk gives the forms real Chinese glyphs; poppler-utils is for checking PDFs in the container;
# postgresql-client gives `manage.py backup` / `restore` pg_dump and pg_restore — bookworm's are version 15, the
# version of the db service: pg_dump may not be older than the server (docs/operations.md).
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-noto-cjk fonts-lxgw-wenkai poppler-utils \
      postgresql-client \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# The exact versions (with hashes) of requirements/prod.lock, compiled from pyproject.toml by `make lock`.
COPY requirements/prod.lock requirements/prod.lock
RUN pip install --no-cache-dir -r requirements/prod.lock
COPY . .
# Build-only stand-ins: production settings refuse to start without a secret and the petitions keys, and
# collectstatic reads the settings; the running containers get the real ones from docker-compose.yml.
RUN SECRET_KEY=build-only \
    PETITIONS_PII_KEYS=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= \
    PETITIONS_INDEX_KEY=build-only-build-only-build-only-build-only \
    python manage.py collectstatic --noinput

RUN useradd --system --home /app zaduo && mkdir -p /app/var/media /app/var/backups && chown -R zaduo /app/var
USER zaduo

EXPOSE 8000
CMD ["gunicorn", "zaduo_office.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60"]
