"""MkDocs glue: the mkdocs-macros module (macros.py) and the hooks (page_checks.py, site_assets.py) that mkdocs.yml names."""
