"""The `goodword` console script: Flask's commands (run, db ...) plus Goodword's own."""

import click
from flask.cli import FlaskGroup

from api.app import create_app


@click.group(cls=FlaskGroup, create_app=create_app)
def main():
    """Goodword: referral and loyalty rewards."""
