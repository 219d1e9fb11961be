FROM python:3.11-slim-bookworm
# WeasyPrint needs Pango; fonts for the PDF reports.
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
# Only what the portal runs with; the test tools (requirements-dev.txt) stay out.
COPY requirements.txt constraints.txt ./
RUN pip install --no-cache-dir -r requirements.txt -c constraints.txt
COPY . .
# collectstatic needs settings that load; these throwaway values are never used at run time.
RUN DEBUG=0 SECRET_KEY=build-only ALLOWED_HOSTS=build REDIS_URL=redis://build EMAIL_HOST=build \
    SITE_URL=http://build \
    python manage.py collectstatic --noinput
RUN useradd --create-home pontive && mkdir -p /srv/media && chown pontive /srv/media
USER pontive
EXPOSE 8000
