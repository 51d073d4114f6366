"""The `goodword` console script: Flask's commands (run, db ...) plus Goodword's own."""

import os

import click
from flask.cli import FlaskGroup

from api.app import create_app


@click.group(cls=FlaskGroup, create_app=create_app)
def main():
    """Goodword: referral and loyalty rewards."""


# `goodword run` serves on PORT when it is set, as `make demo` does (FLASK_RUN_PORT still wins).
if os.environ.get("PORT"):
    os.environ.setdefault("FLASK_RUN_PORT", os.environ["PORT"])
