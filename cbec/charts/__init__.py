"""The site's charts: records in, a ChartSpec out (figure, words, table)."""
from .common import CHARTS, LANGS, ChartSpec, build_all

__all__ = ["CHARTS", "LANGS", "ChartSpec", "build_all"]
