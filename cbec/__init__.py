"""The explainer site's library: data tables, values, formatting, charts, theme and rendering."""
