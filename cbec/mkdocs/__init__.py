"""MkDocs glue: the mkdocs-macros module (macros.py) and the hooks that mkdocs.yml names."""
