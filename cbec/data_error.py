"""The one error a bad table raises: ``file:line: column 'x': reason``, so that a maintainer can fix
the cell without reading code."""

from __future__ import annotations

from pathlib import Path


class DataError(ValueError):
    """A table cell or row that cannot be trusted; the message names file, line and column."""

    def __init__(self, path: Path, line: int, reason: str, column: str | None = None):
        self.path, self.line, self.column, self.reason = Path(path), line, column, reason
        where = f"{display_path(self.path)}:{line}"
        super().__init__(f"{where}: column '{column}': {reason}" if column else f"{where}: {reason}")


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
