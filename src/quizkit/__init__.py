"""quizkit: question banks grounded in source texts, with quizzes for notebooks and books, and exports."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
"""quizkit's version: the one place it is written (pyproject.toml reads it from here)."""

if TYPE_CHECKING:
    from quizkit.display import show
    from quizkit.review import review


def __getattr__(name: str) -> Any:
    # `show` pulls in the bank and (when displayed) ipywidgets, `review` the fsrs scheduler:
    # import them on first use so `import quizkit` and the CLI stay fast.
    if name == "show":
        from quizkit.display import show

        globals()["show"] = show
        return show
    if name == "review":
        from quizkit.review import review

        globals()["review"] = review
        return review
    raise AttributeError(f"module 'quizkit' has no attribute {name!r}")


__all__ = ["__version__", "review", "show"]
