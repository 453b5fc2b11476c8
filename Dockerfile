# One image for every Wirewatch service; docker-compose.yml picks the command per container.
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --system --create-home --uid 10001 wirewatch
WORKDIR /app

# Dependencies and package first, so editing seeds does not reinstall everything.
COPY pyproject.toml README* ./
COPY services ./services
RUN pip install . && rm -rf build *.egg-info

COPY seeds ./seeds
COPY schemas ./schemas
# faust writes its <app>-data folder into the working directory: it must be writable by the user.
RUN chown -R wirewatch:wirewatch /app
USER wirewatch

ENTRYPOINT ["wirewatch"]
CMD ["--help"]
