"""The README and docs/ pages stay short, linked and true to the project.

- README.md is under 10 KB and has one line (a bullet naming the mart) for every mart
  (models/marts/**/*.sql);
- every relative link and image in README.md and docs/*.md points to an existing file, and a
  `#fragment` into a Markdown file names one of its headings; every docs/*.md page is linked
  from the README;
- docs/configuration.md's vars table has exactly the vars of dbt_project.yml, each with the
  same default, plus `bi_role`, whose default lives in `var('bi_role', ...)` calls because
  dbt_project.yml's own configs cannot read the vars block; every var a model, macro or data
  test reads is in the table;
- no issue-tracker references in the docs or in dbt_project.yml.

Reads files only: no warehouse, no dbt run.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))
CONFIGURATION = ROOT / "docs" / "configuration.md"
README_MAX_BYTES = 10_000
ARTICLE_TITLE = "Why AI support escalations tank NPS even when resolution rates look good"
# Vars used with an inline default instead of an entry in dbt_project.yml's vars block.
VARS_OUTSIDE_BLOCK = {"bi_role"}

LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"`[^`\n]*`")
VAR_CALL = re.compile(r"""\bvar\(\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*(?:,\s*([^)]*))?\)""")


def _prose(text: str) -> str:
    """Markdown without fenced code blocks (links there are code, not links)."""
    return FENCE.sub("", text)


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = heading.strip().lower().replace("`", "")
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    headings = re.findall(r"^#{1,6}\s+(.+?)\s*#*\s*$", _prose(path.read_text()), re.MULTILINE)
    return {_slug(heading) for heading in headings}


def _links(path: Path) -> list[str]:
    return LINK.findall(INLINE_CODE.sub("", _prose(path.read_text())))


def _marts() -> list[str]:
    return sorted(path.stem for path in (ROOT / "models" / "marts").rglob("*.sql"))


def _normalise(value: object) -> str:
    """A dbt_project.yml default as the table writes it (lists as comma-separated items)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(_normalise(item) for item in value)
    return str(value)


def _same(documented: str, actual: str) -> bool:
    if documented == actual:
        return True
    try:
        return float(documented) == float(actual)
    except ValueError:
        return False


def _vars_table() -> dict[str, str]:
    """var -> default as written in docs/configuration.md (the backticked parts of the cell;
    a | inside a cell is written \\|, as GitHub tables need)."""
    table: dict[str, str] = {}
    for line in _prose(CONFIGURATION.read_text()).splitlines():
        cells = [
            cell.strip().replace("\\|", "|")
            for cell in re.split(r"(?<!\\)\|", line.strip().strip("|"))
        ]
        if len(cells) < 3 or not re.fullmatch(r"`[a-z_][a-z0-9_]*`", cells[0]):
            continue
        name = cells[0].strip("`")
        assert name not in table, f"{name} appears twice in the vars table"
        spans = re.findall(r"`([^`]*)`", cells[1])
        table[name] = ", ".join(spans) if spans else cells[1]
    return table


def _project_vars() -> dict[str, object]:
    return yaml.safe_load((ROOT / "dbt_project.yml").read_text())["vars"]


def _var_calls() -> list[tuple[Path, str, str | None]]:
    """Every var('name'[, default]) in dbt_project.yml, models, macros and data tests."""
    files = [ROOT / "dbt_project.yml"]
    for folder in ("models", "macros", "tests/data", "analyses"):
        files += [p for p in (ROOT / folder).rglob("*") if p.suffix in {".sql", ".yml", ".md"}]
    calls = []
    for path in files:
        for name, default in VAR_CALL.findall(path.read_text()):
            calls.append((path, name, default.strip() or None))
    return calls


def test_readme_is_short() -> None:
    size = len(README.read_bytes())
    assert size < README_MAX_BYTES, f"README.md is {size} bytes; move detail to docs/"


@pytest.mark.parametrize("mart", _marts())
def test_every_mart_has_its_readme_line(mart: str) -> None:
    lines = [line for line in README.read_text().splitlines() if line.startswith(f"- `{mart}`")]
    assert len(lines) == 1, f"README.md needs exactly one line '- `{mart}` — ...'"


def test_readme_lists_no_mart_that_does_not_exist() -> None:
    listed = re.findall(r"^- `((?:fct|rpt)_[a-z0-9_]+)`", README.read_text(), re.MULTILINE)
    assert set(listed) <= set(_marts())


@pytest.mark.parametrize("page", [README, *DOCS], ids=lambda p: p.relative_to(ROOT).as_posix())
def test_relative_links_resolve(page: Path) -> None:
    broken = []
    for target in _links(page):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto:
            continue
        path_part, _, fragment = target.partition("#")
        resolved = (page.parent / path_part).resolve() if path_part else page
        if not resolved.exists():
            broken.append(f"{target} (no file {resolved})")
        elif fragment and resolved.suffix == ".md" and fragment not in _anchors(resolved):
            broken.append(f"{target} (no heading #{fragment} in {resolved.name})")
    assert not broken, f"{page.name}: broken links: {broken}"


def test_every_docs_page_is_linked_from_the_readme() -> None:
    linked = {
        (README.parent / target.partition("#")[0]).resolve()
        for target in _links(README)
        if not re.match(r"^[a-z][a-z0-9+.-]*:", target)
    }
    orphans = [page.name for page in DOCS if page.resolve() not in linked]
    assert not orphans, f"docs pages not linked from README.md: {orphans}"


def test_readme_names_the_source_article_once() -> None:
    assert " ".join(README.read_text().split()).count(ARTICLE_TITLE) == 1


def test_vars_table_matches_dbt_project() -> None:
    table = _vars_table()
    project = _project_vars()
    missing = sorted(set(project) - set(table))
    assert not missing, f"vars in dbt_project.yml missing from docs/configuration.md: {missing}"
    unknown = sorted(set(table) - set(project) - VARS_OUTSIDE_BLOCK)
    assert not unknown, f"vars in docs/configuration.md not in dbt_project.yml: {unknown}"
    wrong = {
        name: (table[name], _normalise(value))
        for name, value in project.items()
        if not _same(table[name], _normalise(value))
    }
    assert not wrong, f"documented default differs from dbt_project.yml (doc, project): {wrong}"


@pytest.mark.parametrize("name", sorted(VARS_OUTSIDE_BLOCK))
def test_var_outside_the_block_has_one_documented_default(name: str) -> None:
    assert name not in _project_vars(), f"{name} is now in the vars block: drop it from the set"
    defaults = {
        yaml.safe_load(default) for _, called, default in _var_calls() if called == name and default
    }
    assert len(defaults) == 1, f"var('{name}', ...) has defaults {defaults}; expected one"
    assert _same(_vars_table().get(name, ""), _normalise(defaults.pop()))


def test_every_var_read_is_documented() -> None:
    table = _vars_table()
    undocumented = sorted({
        f"{name} ({path.relative_to(ROOT)})"
        for path, name, _ in _var_calls()
        if name not in table
    })
    assert not undocumented, f"vars read but not in docs/configuration.md: {undocumented}"


@pytest.mark.parametrize(
    "path",
    [README, *DOCS, ROOT / "DECISIONLOG.md", ROOT / "dbt_project.yml"],
    ids=lambda p: p.relative_to(ROOT).as_posix(),
)
def test_no_issue_references(path: Path) -> None:
    text = path.read_text()
    found = re.findall(r"\bissues?\s*#?\d+|(?<![\w&/])#\d+\b", text, re.IGNORECASE)
    assert not found, f"{path.name} refers to issue numbers: {found}"
