"""api/models_registry.py names every module that defines a table, so the app and Alembic see the
whole schema from one list rather than from whichever services happened to be imported."""

import importlib
import pkgutil

from api.models_registry import MODEL_MODULES
from core.db import db

PACKAGES = ("api", "core", "referrals", "rewards")


def test_every_module_with_a_table_is_in_the_registry():
    for name in PACKAGES:
        package = importlib.import_module(name)
        for module in pkgutil.walk_packages(package.__path__, prefix=f"{name}."):
            importlib.import_module(module.name)
    defining = {mapper.class_.__module__ for mapper in db.Model.registry.mappers}

    assert defining == {module.__name__ for module in MODEL_MODULES}
