"""A printable worksheet (questions with space to answer, no answers) and its answer key.

Both are self-contained HTML pages with print CSS. The worksheet is ``--out``; the key is
written beside it as ``<stem>-key.html``. Option and item orders on the sheet are fixed
(options as written, ordering items shuffled by a generator seeded with the question id,
the choices of a drop-down blank in the book's order, ``quizkit.public.blank_option_order``,
on the sheet and in the key), so the output is byte-identical on every run.
"""

from __future__ import annotations

import html
import random
from collections.abc import Sequence

from quizkit.export.items import Export, ExportItem
from quizkit.models import (
    BLANK_PATTERN,
    Blank,
    FactsheetSource,
    FillBlanks,
    Matching,
    MultipleSelect,
    Numeric,
    Ordering,
    Question,
    ShortText,
    SingleChoice,
    TrueFalse,
    unhandled,
)
from quizkit.public import blank_option_order
from quizkit.text import render_markdown

_CSS = """
body { font-family: Georgia, 'Times New Roman', serif; max-width: 46rem; margin: 2rem auto;
       padding: 0 1rem; line-height: 1.45; color: #111; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
.q { break-inside: avoid; page-break-inside: avoid; margin: 1.2rem 0; }
.q-num { font-weight: bold; }
.box { display: inline-block; width: 0.9em; height: 0.9em; border: 1px solid #333;
       margin-right: 0.5em; vertical-align: -0.1em; }
ul.opts { list-style: none; padding-left: 1rem; }
.line { border-bottom: 1px solid #333; height: 1.8em; margin: 0.3em 0 0.6em; }
.blank { display: inline-block; min-width: 8em; border-bottom: 1px solid #333; }
table { border-collapse: collapse; } td, th { border: 1px solid #999; padding: 0.3em 0.6em; }
.meta { color: #444; font-size: 0.9em; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; }
               h2 { break-after: avoid; page-break-after: avoid; } }
"""


def _page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{html.escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f"<h1>{html.escape(title)}</h1>\n{body}</body>\n</html>\n"
    )


def _md(text: str, inline: bool = True) -> str:
    return render_markdown(text, inline=inline)


def _sheet_answer(q: Question) -> str:
    """The answer area for a question on the worksheet."""
    match q:
        case SingleChoice() | MultipleSelect():
            hint = "Tick one." if isinstance(q, SingleChoice) else "Tick all that apply."
            opts = "".join(f'<li><span class="box"></span>{_md(o.text)}</li>' for o in q.options)
            return f'<p class="meta">{hint}</p><ul class="opts">{opts}</ul>'
        case TrueFalse():
            return ('<ul class="opts"><li><span class="box"></span>True</li>'
                    '<li><span class="box"></span>False</li></ul>')
        case Numeric() | ShortText():
            unit = f' <span class="meta">({html.escape(q.unit)})</span>' if (
                isinstance(q, Numeric) and q.unit) else ""
            return f'<div class="line"></div>{unit}'
        case Matching():
            rows = "".join(f"<tr><td>{_md(p.left)}</td><td class=\"blank\"></td></tr>" for p in q.pairs)
            partners = ", ".join(_md(c) for c in sorted(q.choices))
            return (f'<p class="meta">Write a partner beside each item. Partners: {partners}.</p>'
                    f"<table>{rows}</table>")
        case Ordering():
            shown = list(q.items)
            random.Random(q.id).shuffle(shown)
            rows = "".join(f'<li><span class="box"></span>{_md(t)}</li>' for t in shown)
            return (f'<p class="meta">Number the items 1 to {len(shown)}.</p>'
                    f'<ul class="opts">{rows}</ul>')
        case FillBlanks():
            marker = "QKBLANKMARK{}X"
            passage = _md(BLANK_PATTERN.sub(lambda m: marker.format(m.group(1)), q.passage), False)
            for b in q.blanks:
                choice = f" ({_choices(q, b)})" if b.options else ""
                passage = passage.replace(marker.format(b.id),
                                          f'<span class="blank"></span>{choice}')
            return passage
        case _:
            unhandled(q)


def _choices(q: FillBlanks, blank: Blank) -> str:
    """A drop-down blank's options in the book's order, as HTML: ``a / b / c``."""
    assert blank.options is not None
    return " / ".join(_md(blank.options[i]) for i in blank_option_order(q, blank))


def answer_text(q: Question) -> str:
    """The right answer of a question, as HTML, for the key."""
    match q:
        case SingleChoice() | MultipleSelect():
            return "; ".join(_md(o.text) for o in q.options if o.correct)
        case TrueFalse():
            return "True" if q.answer else "False"
        case Numeric():
            unit = f" {html.escape(q.unit)}" if q.unit else ""
            if q.range is not None:
                return f"any value from {q.range.low:g} to {q.range.high:g}{unit}"
            assert q.answer is not None  # the model guarantees answer or range
            tol = (f" (± {q.tolerance:g})" if q.tolerance else
                   f" (± {q.relative_tolerance:.0%})" if q.relative_tolerance else "")
            return f"{q.answer:g}{unit}{tol}"
        case ShortText():
            return " or ".join(html.escape(a) for a in q.answers)
        case Matching():
            return "; ".join(f"{_md(p.left)} → {_md(p.right)}" for p in q.pairs)
        case Ordering():
            return " → ".join(_md(t) for t in q.items)
        case FillBlanks():
            return "; ".join(f"{html.escape(b.id)}: {html.escape(' or '.join(b.answers))}"
                             + (f" (from {_choices(q, b)})" if b.options else "")
                             for b in q.blanks)
        case _:
            unhandled(q)


def source_text(q: Question) -> str:
    """Where the answer stands, as HTML: the paper's paragraph and quote, or a fact-sheet item."""
    s = q.source
    parts = []
    if isinstance(s, FactsheetSource):
        parts.append(f"course fact sheet, item {html.escape(s.factsheet)}")
    if s.paragraph:
        quote = f": \u201c{html.escape(s.quote)}\u201d" if s.quote else ""
        parts.append(f"paper, paragraph {html.escape(s.paragraph)}{quote}")
    return "; ".join(parts)


def _sections(items: Sequence[ExportItem], render: object) -> str:
    out: list[str] = []
    chapter = None
    for n, it in enumerate(items, start=1):
        if it.chapter.label != chapter:
            chapter = it.chapter.label
            out.append(f"<h2>{html.escape(chapter)}</h2>\n")
        out.append(render(n, it.question))  # type: ignore[operator]
    return "".join(out)


def _sheet_q(n: int, q: Question) -> str:
    return (f'<div class="q"><span class="q-num">{n}.</span> {_md(q.prompt, False)}'
            f"{_sheet_answer(q)}</div>\n")


def _key_q(n: int, q: Question) -> str:
    return (f'<div class="q"><span class="q-num">{n}.</span> {_md(q.prompt, False)}'
            f"<p><strong>Answer:</strong> {answer_text(q)}</p>"
            f"{_md(q.explanation, False)}"
            f'<p class="meta">Source: {source_text(q)} · id <code>{html.escape(q.id)}</code></p>'
            "</div>\n")


def export_worksheet(items: Sequence[ExportItem]) -> Export:
    """Export a printable worksheet and, as the ``-key.html`` companion, its answer key."""
    sheet = _page("Worksheet", '<p class="meta">Name: ____________________</p>\n'
                  + _sections(items, _sheet_q))
    key = _page("Worksheet: answer key", _sections(items, _key_q))
    return Export(data=sheet.encode("utf-8"), companions={"-key.html": key.encode("utf-8")})


__all__ = ["answer_text", "export_worksheet", "source_text"]
