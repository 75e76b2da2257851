"""Command-line tools: ``python -m cbec.cli.build_site``, ``python -m cbec.cli.bench``; the static server tests use."""
