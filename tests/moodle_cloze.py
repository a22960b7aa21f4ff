"""How Moodle 4.5 reads a Cloze (multianswer) question text, transcribed for the tests.

A transcription of ``qtype_multianswer_extract_question`` in Moodle's
``question/type/multianswer/questiontype.php`` (4.5): the same regular expressions (PCRE's
variable-width lookbehind ``(?<!\\\\|&|&amp;)`` split into three fixed-width ones), the same
loop over alternatives, ``html_entity_decode`` of each answer (HTML 4 entities with a
semicolon, as PHP decodes them), then ``\\}`` -> ``}`` and ``\\#`` -> ``#``. Drop-down
answers are stored as HTML; short answers as the text a response is compared with. Checked
by hand against Moodle's PHP on the strings the tests use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.entities import name2codepoint

FRACTION = r"=|%(-?[0-9]+(?:[.,][0-9]*)?)%"
ANSWER = r".+?(?<!\\)(?<!&)(?<!&amp;)(?=[~#}]|$)"
FEEDBACK = r".*?(?<!\\)(?=[~}]|$)"
ALTERNATIVE = f"({FRACTION})?({ANSWER})(#({FEEDBACK}))?"
TYPES = (
    r"(NUMERICAL|NM)|(MULTICHOICE|MC)|(MULTICHOICE_V|MCV)|(MULTICHOICE_H|MCH)|"
    r"(SHORTANSWER|SA|MW)|(SHORTANSWER_C|SAC|MWC)|"
    r"(MULTICHOICE_S|MCS)|(MULTICHOICE_VS|MCVS)|(MULTICHOICE_HS|MCHS)|"
    r"(MULTIRESPONSE|MR)|(MULTIRESPONSE_H|MRH)|(MULTIRESPONSE_S|MRS)|(MULTIRESPONSE_HS|MRHS)"
)
START = r"\{([0-9]*):(" + TYPES + "):"
FIELD = re.compile(START + "(" + ALTERNATIVE + "(~" + ALTERNATIVE + r")*)\}", re.DOTALL)
ONE = re.compile("~?" + ALTERNATIVE, re.DOTALL)

# Group numbers of FIELD (Moodle's ANSWER_REGEX_* constants).
_SHORTANSWER, _SHORTANSWER_C, _ALTERNATIVES = 7, 8, 16
_MULTICHOICE = {4: False, 9: True}  # MULTICHOICE, MULTICHOICE_S: shuffled?
_ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def html_entity_decode(text: str) -> str:
    """PHP's ``html_entity_decode($s, ENT_QUOTES, 'UTF-8')``: entities need their ';'."""

    def one(m: re.Match[str]) -> str:
        name = m.group(1)
        if name.startswith(("#x", "#X")):
            return chr(int(name[2:], 16))
        if name.startswith("#"):
            return chr(int(name[1:]))
        if name in name2codepoint:
            return chr(name2codepoint[name])
        return m.group(0)  # unknown to HTML 4.01 (&apos; too): left as written

    return _ENTITY.sub(one, text)


@dataclass
class Sub:
    """One embedded sub-question as Moodle stores it."""

    qtype: str
    shuffle: bool | None
    answers: list[str] = field(default_factory=list)
    fractions: list[float] = field(default_factory=list)


def extract(text: str) -> tuple[str, list[Sub]]:
    """The question text with ``{#n}`` placeholders, and the sub-questions, as Moodle 4.5."""
    subs: list[Sub] = []
    while True:
        m = FIELD.search(text)
        if m is None:
            return text, subs
        if m.group(_SHORTANSWER) or m.group(_SHORTANSWER_C):
            sub = Sub("shortanswer", None)
        else:
            kind = next((g for g in _MULTICHOICE if m.group(g)), None)
            if kind is None:
                raise ValueError(f"sub-question type {m.group(2)} is not transcribed here")
            sub = Sub("multichoice", _MULTICHOICE[kind])
        remaining = m.group(_ALTERNATIVES)
        while True:
            alt = ONE.search(remaining)
            if alt is None:
                break
            if alt.group(1) == "=":
                sub.fractions.append(1.0)
            elif alt.group(2):
                sub.fractions.append(0.01 * float(alt.group(2).replace(",", ".")))
            else:
                sub.fractions.append(0.0)
            answer = html_entity_decode(alt.group(3)).replace("\\}", "}")
            sub.answers.append(answer.replace("\\#", "#"))
            remaining = remaining.split(alt.group(0), 1)[1]
        subs.append(sub)
        text = f"{{#{len(subs)}}}".join(text.split(m.group(0), 1))
