"""HTML and Moodle text to bank Markdown: what the book shows equals what Moodle showed,
and no markup from the file survives as markup."""

from __future__ import annotations

import pytest

from quizkit.importers.markup import (
    html_to_markdown,
    markdown_to_markdown,
    plain_to_markdown,
    to_markdown,
)
from quizkit.text import render_markdown


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("<p>Was it <em>Tokyo</em>?</p>", "Was it *Tokyo*?"),
        ("<p>a</p><p>b <strong>c</strong></p>", "a\n\nb **c**"),
        ("<p>Hi<script>alert(1)</script><style>p{}</style></p>", "Hi"),
        ('<a href="javascript:alert(1)">click</a>', "click"),
        ('<a href="https://example.org/x">link</a>', "[link](https://example.org/x)"),
        ("<p>&lt;input autofocus&gt;</p>", "<input autofocus>"),
        ("<p>*not emphasis*</p>", "\\*not emphasis\\*"),
        ("<p>2 * 3 = 6 and snake_case</p>", "2 * 3 = 6 and snake_case"),
        ("<p>2*3*4</p>", "2\\*3\\*4"),
        ("<p>&amp;lt; stays text</p>", "\\&lt; stays text"),
        ("<code>a`b</code>", "``a`b``"),
        ("<ul><li>one</li><li>two</li></ul>", "- one\n- two"),
        ('<p onclick="x()">text <img src=x onerror=alert(1)> here</p>', "text here"),
    ],
)
def test_html_to_markdown(source: str, expected: str) -> None:
    """Common markup kept, active content dropped, special characters escaped if needed."""
    assert html_to_markdown(source) == expected


def test_what_the_book_shows_is_the_text_of_the_html() -> None:
    """The rendered result never carries a tag from the source as markup."""
    for source in ("<p><b>x</b><iframe src=//evil></iframe></p>", "<svg onload=x()>y</svg>z",
                   "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"):
        rendered = render_markdown(html_to_markdown(source))
        for tag in ("<iframe", "<svg", "<script", "onload", "onerror"):
            assert tag not in rendered, (source, rendered)


def test_plain_and_markdown_formats() -> None:
    """[plain] text is shown literally; [markdown] is kept unless it holds raw HTML."""
    assert plain_to_markdown("Who's buried in Grant's tomb?") == "Who's buried in Grant's tomb?"
    assert plain_to_markdown("**not bold** <b>") == "\\*\\*not bold\\*\\* \\<b\\>"
    assert markdown_to_markdown("Keep *this* as `is`") == "Keep *this* as `is`"
    assert markdown_to_markdown("Is <b>this</b> *it*?") == "Is **this** *it*?"
    assert to_markdown("a <i>b</i>", "moodle") == "a *b*"
