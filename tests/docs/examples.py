"""The examples in docs/ and the README: every ```sh and ```python block, found and parsed.

A block runs in the test suite unless an HTML comment right above it says why not
(`<!-- not run: starts a server that runs until Ctrl-C -->`). The quickstart's block marked
`<!-- setup -->` defines the variables every other example reads. The test gives them the
values of its own server instead, and drops a line that sets them (the README's tour).

A `# -> 409` comment after a curl command documents the status it answers; a curl without
one must answer 2xx or 3xx. A loop comes first in its block, so the curls after it are the
last calls.
"""

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
LANGUAGES = {"sh": "shell", "bash": "shell", "python": "python"}
FENCE = re.compile(r"^(?P<marker><!--\s*(?P<comment>[^>]*?)\s*-->\n)?```(?P<lang>\w+)[^\n]*\n"
                   r"(?P<body>.*?)^```\s*$", re.M | re.S)
STATUS = re.compile(r"#\s*->\s*(\d{3})\b")
SETUP_VARIABLES = ("GOODWORD_URL", "GOODWORD_KEY")
# A line setting them, as the README's tour has, is the setup: the test has set them already.
SETUP_LINE = re.compile(r"^export GOODWORD_(URL|KEY)=.*\n", re.M)


@dataclass
class Example:
    page: str
    line: int
    kind: str  # shell or python
    body: str
    skip_reason: str | None
    setup: bool

    @property
    def name(self) -> str:
        return f"{self.page}:{self.line}"

    @property
    def runnable_body(self) -> str:
        return SETUP_LINE.sub("", self.body)

    @property
    def loops_first(self) -> bool:
        """The block starts with a loop (its curls run more often than they are written)."""
        return self.body.startswith(("for ", "while "))

    def curl_statuses(self) -> list[int | None]:
        """For each curl command in order, the status its `# -> NNN` comment documents."""
        statuses: list[int | None] = []
        for line in self.body.splitlines():
            code = line.split("# ", 1)[0]
            statuses.extend([None] * len(re.findall(r"(?:^|[\s;(|])curl\s", code)))
            found = STATUS.search(line)
            if found and statuses:
                statuses[-1] = int(found.group(1))
        return statuses


def pages() -> list[Path]:
    """The README's tour and every page of docs/."""
    return [ROOT / "README.md", *sorted(path for path in DOCS.rglob("*.md")
                                        if "hooks" not in path.parts)]


def page_name(path: Path) -> str:
    return str(path.relative_to(DOCS if path.is_relative_to(DOCS) else ROOT))


def examples(page: Path) -> list[Example]:
    text = page.read_text()
    found = []
    for match in FENCE.finditer(text):
        kind = LANGUAGES.get(match.group("lang"))
        if kind is None:
            continue
        comment = match.group("comment") or ""
        skip = comment.split(":", 1)[1].strip() if comment.startswith("not run") else None
        found.append(Example(
            page=page_name(page), line=text.count("\n", 0, match.start()) + 1,
            kind=kind, body=match.group("body"), skip_reason=skip, setup=comment == "setup"))
    return found
