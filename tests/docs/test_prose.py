"""The docs read easily: no sentence in docs/ or the README runs past 40 words."""

import re

from .examples import page_name, pages

MAX_WORDS = 40
FENCED = re.compile(r"^```.*?^```", re.M | re.S)
# A sentence ends at . ! ? or ; followed by a space, or at the end of a paragraph, a list item
# or a table cell.
END = re.compile(r"(?<=[.!?;])\s+|\n\s*\n|\n\s*[-*]\s|\n\s*\d+\.\s|\|")


def sentences(markdown: str) -> list[str]:
    prose = FENCED.sub("\n\n", markdown)
    prose = re.sub(r"<!--.*?-->", " ", prose, flags=re.S)
    prose = re.sub(r"\]\([^)]*\)", "]", prose)  # a link's address is not words
    return [" ".join(part.split()) for part in END.split(prose) if part.strip()]


def test_no_sentence_runs_past_40_words():
    long = [(page_name(page), sentence) for page in pages()
            for sentence in sentences(page.read_text())
            if len(sentence.split()) > MAX_WORDS]
    assert not long, "\n".join(f"{page}: ({len(s.split())} words) {s}" for page, s in long)
