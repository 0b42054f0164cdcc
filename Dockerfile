# One image for both processes of the assistant, built from the same pins and commands as the
# Makefile (`pip install .`, `rasa train --fixed-model-name kine --out models`); `make image`.
#   docker run IMAGE            the Rasa server on port 5005 (its channels only, no HTTP API)
#   docker run IMAGE actions    the action server on port 5055
# Settings come from the environment, with ops/settings.py's defaults (README, "Production");
# deploy/container/entrypoint.sh says the commands.
# BASE_IMAGE: any Python 3.10 image laid out like python:3.10-slim; the tests use a locally
# built one (deploy/container/build-base-image.sh) where no image registry is reachable.
ARG BASE_IMAGE=python:3.10-slim
FROM ${BASE_IMAGE}

ENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN groupadd --gid 10001 kine && useradd --uid 10001 --gid kine --create-home --shell /usr/sbin/nologin kine
WORKDIR /app

# Dependencies first, from the hash-locked requirements/ alone (make lock; runtime.txt: the same
# versions as the Makefile's lock.txt, without the test tools), so that a change to the code or
# the data does not reinstall Rasa, TensorFlow and spaCy.
COPY requirements/build.txt requirements/runtime.txt requirements/
RUN PIP_NO_CACHE_DIR=1 python -m pip install --quiet --require-hashes -r requirements/build.txt \
 && PIP_NO_CACHE_DIR=1 python -m pip install --quiet --require-hashes --no-build-isolation -r requirements/runtime.txt

# The project, then its model: trained here, from the sources in the image (seeds are fixed in
# config.yml), rather than copied from a developer's models/ folder.
COPY . .
RUN PIP_NO_CACHE_DIR=1 python -m pip install --quiet --no-deps --no-build-isolation . \
 && python -m pip check \
 && rm -rf build ./*.egg-info \
 && bash -c 'source scripts/env.sh && RASA_CACHE_DIRECTORY=/tmp/rasa-cache rasa train --fixed-model-name kine --out models' \
 && rm -rf /tmp/rasa-cache .rasa var \
 && mkdir -p var/spool && chown -R kine:kine var

LABEL org.opencontainers.image.title="kine-assistant" \
      org.opencontainers.image.description="Assistant Rasa : facturation et remboursement de la kinésithérapie en France"
USER 10001:10001
EXPOSE 5005 5055
ENTRYPOINT ["/app/deploy/container/entrypoint.sh"]
CMD ["server"]
