"""``python -m generator.cli``: the ``ocop`` command."""

from .main import run

run()
