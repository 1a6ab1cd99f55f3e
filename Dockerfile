# The portal's image: Python 3.11 on Debian with WeasyPrint's libraries and the npm front-end packages.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1

RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core \
      gettext nodejs npm \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --omit=dev

COPY pyproject.toml ./
COPY . .
RUN pip install --no-cache-dir . \
 && DJANGO_PRODUCTION=true DJANGO_SECRET_KEY=build-only-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz \
    REDIS_URL=redis://build-only DJANGO_ALLOWED_HOSTS=build-only EMAIL_HOST=build-only \
    python manage.py collectstatic --noinput

RUN useradd --create-home portal && chown -R portal /app
USER portal
EXPOSE 8000
CMD ["gunicorn", "innbyggerstemmen.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
