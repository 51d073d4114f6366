"""MkDocs hook: links from a page to the repository's own files (`../../rewards/rules.py`).

They work as written when reading docs/ on a forge. In the built site each linked file becomes
a page of its own under `source/`, and the link points there. A link to a file that does not
exist fails the build, so a file moved without its docs is caught by `make docs`.
"""

import posixpath
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parents[2]
LINK = re.compile(r"\]\((?P<target>(?:\.\./)+[^)#\s]+)(?P<anchor>#[^)\s]*)?\)")
_linked: set[str] = set()


def _repository_path(page_uri: str, target: str) -> str | None:
    """The repository path a page's relative link names, when it leaves docs/."""
    joined = posixpath.normpath(posixpath.join("docs", posixpath.dirname(page_uri), target))
    if joined.startswith(("docs/", "../")) or joined == "docs":
        return None
    return joined


def on_files(files, config):
    docs = Path(config["docs_dir"])
    for page in docs.rglob("*.md"):
        uri = page.relative_to(docs).as_posix()
        for match in LINK.finditer(page.read_text()):
            path = _repository_path(uri, match["target"])
            if path is None:
                continue
            if not (ROOT / path).is_file():
                raise PluginError(f"{uri} links to {path}, which is not in the repository")
            _linked.add(path)
    for path in sorted(_linked):
        suffix = path.rsplit(".", 1)[-1]
        language = {"py": "python", "md": "markdown", "toml": "toml"}.get(suffix, "")
        text = (ROOT / path).read_text()
        files.append(File.generated(config, f"source/{path}.md",
                                    content=f"# `{path}`\n\n````{language}\n{text}\n````\n"))
    return files


def on_page_markdown(markdown, page, config, files):
    uri = page.file.src_uri

    def rewrite(match):
        path = _repository_path(uri, match["target"])
        if path is None:
            return match.group(0)
        target = posixpath.relpath(f"source/{path}.md", posixpath.dirname(uri) or ".")
        return f"]({target})"

    return LINK.sub(rewrite, markdown)
