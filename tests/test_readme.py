"""The README and the repository's documents stay true: the command table lists exactly the commands of
``policykg --help``, every relative link lands on a file and a heading that exist, CITATION.cff carries
the package's version, LICENSE is the Apache License 2.0 that pyproject declares, and no internal work
note is published."""

from __future__ import annotations

import hashlib
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCUMENTS = sorted([README, ROOT / "CONTRIBUTING.md", ROOT / "CHANGELOG.md", *(ROOT / "docs").rglob("*.md")])

# sha256 of the Apache License 2.0 as apache.org publishes it (LICENSE-2.0.txt).
APACHE_2_SHA256 = "cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30"


def _section(text: str, heading: str) -> str:
    return text.split(f"\n{heading}\n", 1)[1].split("\n## ", 1)[0]


def _help_commands(help_text: str) -> list[str]:
    """The subcommands ``policykg --help`` lists: the names in the COMMAND block, four spaces in."""
    block = help_text.split("positional arguments:", 1)[1].split("\noptions:", 1)[0]
    return re.findall(r"^ {4}([a-z][a-z-]*)(?: {2,}|$)", block, re.M)


def test_command_table_lists_exactly_the_commands_of_help(cli):
    run = cli("--help")
    assert run.returncode == 0, run.stderr
    in_help = _help_commands(run.stdout)
    assert len(in_help) >= 10 and "build" in in_help and "query" in in_help, run.stdout
    table = _section(README.read_text(encoding="utf-8"), "## Commands")
    in_table = re.findall(r"^\| `policykg ([a-z][a-z-]*)\b", table, re.M)
    assert set(in_table) - set(in_help) == set(), "rows for commands policykg --help does not list"
    assert set(in_help) - set(in_table) == set(), "commands missing from the README's command table"


def test_the_parser_of_help_finds_wrapped_descriptions_and_only_commands():
    text = ("usage: policykg [-h] COMMAND ...\n\npositional arguments:\n  COMMAND\n"
            "    extract   print the extraction\n    lexicon   regenerate loaders/vocab/lexicon.json from the\n"
            "              vocabularies (developers)\n    a-long-command-name\n"
            "              its help on the next line\n\noptions:\n  -h, --help  show this help message and exit\n")
    assert _help_commands(text) == ["extract", "lexicon", "a-long-command-name"]


def _without_code(markdown: str) -> str:
    markdown = re.sub(r"^```.*?^```", "", markdown, flags=re.M | re.S)
    return re.sub(r"`[^`\n]*`", "", markdown)


def _anchor(heading: str) -> str:
    # GitHub's rule: lower case, punctuation dropped except - and _, spaces become -.
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    # Headings outside fenced blocks; inline code in a heading keeps its text in the anchor
    # (GitHub: "A friendlier `policykg query`" -> #a-friendlier-policykg-query).
    text = re.sub(r"^```.*?^```", "", path.read_text(encoding="utf-8"), flags=re.M | re.S)
    return {_anchor(h.replace("`", "")) for h in re.findall(r"^#{1,6} (.+)$", text, re.M)}


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_land(document):
    links = re.findall(r"\]\(([^)\s]+)\)", _without_code(document.read_text(encoding="utf-8")))
    for link in links:
        if re.match(r"[a-z]+:", link):
            continue  # http(s), mailto: not checked here
        path, _, anchor = link.partition("#")
        target = (document.parent / path).resolve() if path else document
        assert target.exists(), f"{document.name}: {link} — no such file"
        if anchor:
            assert target.suffix == ".md", f"{document.name}: {link}"
            assert anchor in _anchors(target), f"{document.name}: {link} — no such heading"


def test_readme_links_every_page_of_docs():
    readme = README.read_text(encoding="utf-8")
    for page in sorted((ROOT / "docs").rglob("*.md")):
        assert f"]({page.relative_to(ROOT).as_posix()})" in readme, page


def test_citation_is_cff_1_2_with_the_package_version():
    cff = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    fields = dict(re.findall(r"^([a-z-]+): *(.*)$", cff, re.M))
    assert fields["cff-version"] == "1.2.0"
    assert fields["type"] == "software" and fields["license"] == "Apache-2.0"
    assert fields["message"].strip('"') and fields["title"].strip('"')
    assert re.search(r"^authors:\n  - name: \"policykg contributors\"$", cff, re.M)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    if "version" in project:
        expected = project["version"]
    else:  # a dynamic version: the installed metadata
        from importlib.metadata import version

        expected = version("policykg")
    assert fields["version"].strip('"') == expected


def test_license_is_the_apache_license_pyproject_declares():
    text = (ROOT / "LICENSE").read_bytes()
    assert hashlib.sha256(text).hexdigest() == APACHE_2_SHA256
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = project["license"]
    assert (declared.get("text") if isinstance(declared, dict) else declared) == "Apache-2.0"


def test_no_internal_work_notes_are_published():
    assert not (ROOT / "docs" / "helpers-brief.md").exists()
    for document in DOCUMENTS:
        text = document.read_text(encoding="utf-8")
        assert "/work/" not in text and "/root/" not in text, f"{document.name} names a path on a machine"
