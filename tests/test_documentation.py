"""The documentation names what the code has (issue 21).

README.md and every docs/*.md name files, macros, generic tests, models, incremental strategies and
pytest tests in backticks: inline code, and every line of a fenced block. Each of them must exist in
the repository. Only files are read: no database, no dbt.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import cache
from pathlib import Path

import pytest

from tests.support import ROOT

DOCS = ["README.md", *sorted(f"docs/{path.name}" for path in (ROOT / "docs").glob("*.md"))]

# --- what the repository has ------------------------------------------------------------------

# folders a run creates at the root (dbt's target/ and logs/, the embedded cluster's .embedded/):
# the docs name them, a fresh clone lacks them
RUN_FOLDERS = frozenset({"target", "logs", ".embedded"})
# hidden folders are caches, clusters and virtualenvs, except these two, which the docs name
HIDDEN_FOLDERS_NAMED = frozenset({".ci", ".github"})


@cache
def repo_paths() -> frozenset[tuple[str, ...]]:
    """Every file and folder of the repository, as path parts, without run output and caches."""
    found: set[tuple[str, ...]] = set()
    for folder, dirs, files in os.walk(ROOT):
        here = Path(folder).relative_to(ROOT).parts
        dirs[:] = [
            d
            for d in dirs
            if not (d.startswith(".") and d not in HIDDEN_FOLDERS_NAMED)
            and not (not here and d in RUN_FOLDERS)
            and d != "__pycache__"
            and not d.endswith(".egg-info")
        ]
        found.update((*here, name) for name in [*dirs, *files])
    return frozenset(found)


def read_all(pattern: str) -> list[tuple[Path, str]]:
    return [(path, path.read_text()) for path in sorted(ROOT.glob(pattern))]


@cache
def macros() -> frozenset[str]:
    return frozenset(
        name for _, text in read_all("macros/**/*.sql") for name in re.findall(r"\{%-?\s*macro\s+(\w+)\s*\(", text)
    )


@cache
def generic_tests() -> frozenset[str]:
    sql = read_all("macros/**/*.sql") + read_all("tests/**/*.sql")
    return frozenset(name for _, text in sql for name in re.findall(r"\{%-?\s*test\s+(\w+)\s*\(", text))


@cache
def models() -> frozenset[str]:
    return frozenset(path.stem for path in ROOT.glob("models/**/*.sql"))


@cache
def marts() -> frozenset[str]:
    return frozenset(path.stem for path in ROOT.glob("models/marts/**/*.sql"))


@cache
def pytest_functions() -> dict[str, frozenset[str]]:
    """Per test module (its path from the root): the test functions it defines."""
    return {
        path.relative_to(ROOT).as_posix(): frozenset(re.findall(r"^\s*(?:async\s+)?def (test_\w+)\(", text, re.M))
        for path, text in read_all("tests/**/*.py")
    }


@cache
def created_database_objects() -> frozenset[str]:
    """`schema.name` of every function, table and view the project's SQL creates (macros, generator)."""
    create = re.compile(
        r"\bcreate\s+(?:or\s+replace\s+)?(?:function|(?:unlogged\s+)?table|(?:materialized\s+)?view)\s+"
        r"(?:if\s+not\s+exists\s+)?(\w+\.\w+)",
        re.IGNORECASE,
    )
    code = read_all("macros/**/*.sql") + read_all("runner/**/*.sql") + read_all("runner/**/*.py")
    return frozenset(name.lower() for _, text in code for name in create.findall(text))


# --- what a doc names -------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """A paragraph, list item, table row or fenced block of a doc, where its first line is."""

    doc: str
    line: int
    text: str
    fenced: bool


@dataclass(frozen=True)
class Mention:
    """A backticked token (inline code, or a line of a fenced block) and the block it is in."""

    block: Block
    line: int
    token: str

    def where(self) -> str:
        return f"{self.block.doc}:{self.line}: `{self.token}`"


STARTS_BLOCK = re.compile(r"\s*(?:[-*]|\d+\.)\s|\||#")


def blocks(doc: str, text: str) -> list[Block]:
    found: list[Block] = []
    lines: list[str] = []
    start, fenced = 0, False

    def close() -> None:
        if any(entry.strip() for entry in lines):
            found.append(Block(doc, start, "\n".join(lines), fenced))
        lines.clear()

    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("```"):
            close()
            fenced = not fenced
            start = number + 1
        elif fenced:
            lines.append(line)
        elif not line.strip() or STARTS_BLOCK.match(line):
            close()
            start = number
            lines.append(line)
        else:
            lines.append(line)
    close()
    return found


def mentions(block: Block) -> list[Mention]:
    if block.fenced:
        return [
            Mention(block, block.line + index, line.strip())
            for index, line in enumerate(block.text.splitlines())
            if line.strip()
        ]
    # inline code may wrap onto the next line; markdown reads the line break as a space
    return [
        Mention(block, block.line + block.text.count("\n", 0, match.start()), " ".join(match.group(1).split()))
        for match in re.finditer(r"`([^`]+)`", block.text)
    ]


@cache
def doc_blocks(doc: str, text: str | None = None) -> list[Block]:
    return blocks(doc, (ROOT / doc).read_text() if text is None else text)


Result = tuple[int, list[str]]


# --- files --------------------------------------------------------------------------------------

PATH_WORD = re.compile(r"[\w.~<>*-]+(?:/[\w.<>*-]*)*")
PATH_ENDINGS = (".sql", ".py", ".yml", ".yaml", ".md", ".csv", ".json", ".toml")
# words that look like paths of the repository but are not
NOT_PATHS = {
    "actions/checkout": "a GitHub Action (owner/name), used by .github/workflows/review.yml",
    "America/New_York": "a time zone",
    "MIGRATION_TARGET_HOST/PORT/USER/PASSWORD/DBNAME": "five environment variables, abbreviated",
    "review.md": "the file the review workflow writes (`runner review --markdown review.md`), posted as a comment",
}
# files the docs say the project deliberately lacks: they must stay absent
ABSENT = {"packages.yml": "docs/conventions.md, deviation 8: no packages, so `dbt deps` is never needed"}


def path_words(token: str) -> list[str]:
    """The words of a token that look like repository paths. The value of a command's option
    (`--base origin/main`, `--json out.json`) is a git ref or a file the command writes: not one."""
    if "://" in token:  # a URL, or a libpq URL with <user>:<password> placeholders
        return []
    words = [word.strip("\"'()[],;:") for word in token.split()]
    return [
        word
        for previous, word in zip(["", *words[:-1]], words, strict=True)
        if PATH_WORD.fullmatch(word)
        and ("/" in word.strip("/") or word.endswith(PATH_ENDINGS))
        and word not in NOT_PATHS
        and not previous.startswith("--")
    ]


def path_exists(path: str) -> tuple[bool, str]:
    """Whether a path exists, and where it was looked for.

    A path whose first part is an entry of the root is looked up from the root; any other (a file
    name, `base/base_legacy__<table>.sql` in a paragraph about models/staging/legacy) must be the
    end of a path in the repository. A placeholder (`<table>`, `<domain>`, `*`) stands for any name:
    the path is then a glob pattern that must match at least one path."""
    parts = tuple(re.sub(r"<[^>]*>", "*", path.rstrip("/")).split("/"))
    anchored = (ROOT / parts[0]).exists()
    for candidate in repo_paths():
        tail = candidate if anchored else candidate[-len(parts) :]
        if len(tail) == len(parts) and all(fnmatchcase(have, want) for have, want in zip(tail, parts, strict=True)):
            return True, ""
    return False, "from the repository root" if anchored else "as the end of any path in the repository"


def check_paths(found: list[Mention]) -> Result:
    checked, problems = 0, []
    for mention in found:
        for word in path_words(mention.token):
            first = word.split("/", 1)[0]
            if word.startswith(("/", "~")) or first == "..":
                continue  # a system path, the home folder, or a path outside the repository
            if first in RUN_FOLDERS:
                continue  # made by a run: dbt's target/ and logs/, the embedded cluster's .embedded/
            checked += 1
            if word in ABSENT:
                if (ROOT / word).exists():
                    problems.append(f"{mention.where()} says there is no {word} ({ABSENT[word]}), but there is one")
                continue
            exists, where = path_exists(word)
            if not exists:
                problems.append(f"{mention.where()} names {word}, which does not exist ({where})")
    return checked, problems


# --- macros and functions ---------------------------------------------------------------------

CALL = re.compile(r"(?<![\w.])([A-Za-z_]\w*)\(")
# a function of a schema the project creates; `supabase.auth.resetPasswordForEmail()` (the
# JavaScript client's, qualified twice) is not matched
SCHEMA_CALL = re.compile(r"(?<![A-Za-z_]\.)(?<!\w)((?:auth|migration|private|synthetic)\.\w+)\(")
# called in the docs' Jinja without being a macro of the project
DBT_JINJA_BUILTINS = frozenset({"ref", "source", "config", "var", "env_var", "is_incremental"})
# the PostgreSQL functions and type modifiers (`numeric(12, 2)`, `character varying(50)`) the docs
# write in SQL
SQL_FUNCTIONS = frozenset(
    {
        "btrim",
        "count",
        "gen_random_uuid",
        "hash_array_extended",
        "hashint8extended",
        "lower",
        "now",
        "numeric",
        "round",
        "set_config",
        "sum",
        "upper",
        "varying",
    }
)
# a name followed by a parenthesis that is no call
NOT_CALLS = {"rejected": "docs/review.md writes a ledger movement as disposition(reason): `rejected(order_rejected)`"}


def check_calls(found: list[Mention]) -> Result:
    checked, problems = 0, []
    known = macros() | DBT_JINJA_BUILTINS | SQL_FUNCTIONS | NOT_CALLS.keys()
    for mention in found:
        for name in CALL.findall(mention.token):
            checked += 1
            if name not in known:
                problems.append(
                    f"{mention.where()} calls {name}(), which is no macro of macros/**/*.sql "
                    "(nor an allow-listed dbt/Jinja builtin or SQL function)"
                )
        for name in SCHEMA_CALL.findall(mention.token):
            checked += 1
            if name.lower() not in created_database_objects():
                problems.append(
                    f"{mention.where()} calls {name}(), which no `create function` or `create table` of "
                    "macros/ or runner/ makes"
                )
    return checked, problems


# --- generic tests and strategies, by the words around them -----------------------------------

# dbt's own generic tests, which the project uses as they are
DBT_TESTS = frozenset({"unique", "not_null", "accepted_values", "relationships"})
# dbt's own incremental strategies
DBT_STRATEGIES = frozenset({"append", "merge", "delete+insert", "microbatch"})
LIST_GLUE = re.compile(r"\s*(?:,|\+|,?\s*and|,?\s*or)\s*")
NAME = re.compile(r"([a-z][a-z0-9_+]*?)(?:_<[^>]+>)?(?::\s*\{.*)?")


@dataclass(frozen=True)
class Phrase:
    """A run of inline code tokens joined by `,`, `and`, `or` or `+`, and the prose around it."""

    tokens: list[tuple[Mention, str]]  # each token, with the prose right after it
    before: str  # the prose before the first token
    code_before: str  # the token before the phrase

    @property
    def after(self) -> str:
        return self.tokens[-1][1]


def phrases(block: Block, found: list[Mention]) -> list[Phrase]:
    prose = re.split(r"`[^`]+`", block.text)  # prose[i] is right before found[i]
    result: list[Phrase] = []
    for index, mention in enumerate(found):
        if index and LIST_GLUE.fullmatch(prose[index]):
            result[-1].tokens.append((mention, prose[index + 1]))
        else:
            result.append(Phrase([(mention, prose[index + 1])], prose[index], found[index - 1].token if index else ""))
    return result


def presented_as_tests(phrase: Phrase) -> list[Mention]:
    """The tokens the prose presents as dbt tests: `the tests `a`, `b` and `c``, `the `a` generic
    test`, `a dbt test (`a`, ...)`, `fails `a`` / ``a` fails`, the tests listed in parentheses after
    `macros/tests`, ``a` (on each mart)`, and YAML that applies one (`a: {arguments: ...}`)."""
    whole = (
        re.search(r"\btests?:?\s*\(?\s*$", phrase.before, re.IGNORECASE)
        or re.match(r"\s*(?:generic\s+)?tests?\b", phrase.after)
        or re.search(r"\bfails\s*$", phrase.before)
        or re.match(r"\s*fails\b", phrase.after)
        or (phrase.code_before.startswith("macros/tests") and re.fullmatch(r"\s*\(\s*", phrase.before))
    )
    return [
        mention
        for mention, after in phrase.tokens
        if whole
        or re.match(r"\s*\(on (?:each|every)\b", after)
        or re.fullmatch(r"[a-z]\w*: \{arguments: .*\}", mention.token)
    ]


def presented_as_strategies(phrase: Phrase) -> list[Mention]:
    """`the strategy `a``, `the `a` strategy`, `a strategy (`a`, `b`)`."""
    if re.search(r"\bstrateg(?:y|ies)\s*\(?\s*$", phrase.before) or re.match(r"\s*strateg", phrase.after):
        return [mention for mention, _ in phrase.tokens]
    return []


def named(found: list[Mention], presented: Callable[[Phrase], list[Mention]]) -> list[tuple[Mention, str]]:
    """The names the prose presents as one kind of thing, with their mention."""
    result = []
    by_block: dict[Block, list[Mention]] = {}
    for mention in found:
        by_block.setdefault(mention.block, []).append(mention)
    for block, in_block in by_block.items():
        if block.fenced:
            continue
        for phrase in phrases(block, in_block):
            for mention in presented(phrase):
                match = NAME.fullmatch(mention.token)
                # a pytest test, a path or a sentence names neither a dbt test nor a strategy
                if match and not match.group(1).startswith("test_"):
                    result.append((mention, match.group(1)))
    return result


def _check_named(
    found: list[Mention],
    presented: Callable[[Phrase], list[Mention]],
    what: str,
    exists: Callable[[str], bool],
    missing: Callable[[str], str],
) -> Result:
    """The names the prose presents as `what`: each must exist, else the problem says what is missing."""
    names = named(found, presented)
    problems = [f"{m.where()} is presented as {what}, but {missing(name)}" for m, name in names if not exists(name)]
    return len(names), problems


def check_generic_tests(found: list[Mention]) -> Result:
    return _check_named(
        found,
        presented_as_tests,
        "a test",
        lambda name: name in generic_tests() | DBT_TESTS,
        lambda name: f"no `{{% test {name}(` is in macros/ or tests/ (nor is it one of dbt's generic tests)",
    )


def check_strategies(found: list[Mention]) -> Result:
    return _check_named(
        found,
        presented_as_strategies,
        "an incremental strategy",
        lambda name: f"get_incremental_{name}_sql" in macros() or name in DBT_STRATEGIES,
        lambda name: f"no macro get_incremental_{name}_sql is in macros/ (nor is it one of dbt's strategies)",
    )


# --- models -----------------------------------------------------------------------------------

# a placeholder (`stg_legacy__<table>`) or the bare prefix (`int_`, `map_`) names the convention,
# not a model, and is not checked
MODEL = re.compile(r"\b(?:stg_legacy__|base_legacy__|int_|map_)[\w<>]*")
MART = re.compile(r"\bpublic\.([a-z_]+)\b")


def check_models(found: list[Mention]) -> Result:
    checked, problems = 0, []
    for mention in found:
        for name in MODEL.findall(mention.token):
            if "<" in name or name.endswith("_"):
                continue
            checked += 1
            if name not in models():
                problems.append(f"{mention.where()} names the model {name}, but no models/**/{name}.sql exists")
        for name in MART.findall(mention.token):
            checked += 1
            if name not in marts():
                problems.append(
                    f"{mention.where()} names the mart public.{name}, but no models/marts/**/{name}.sql exists"
                )
    return checked, problems


# --- pytest tests -----------------------------------------------------------------------------


def check_pytest_tests(found: list[Mention]) -> Result:
    """A test function the docs name is defined in tests/; where its paragraph or list item names
    test modules, in one of those."""
    checked, problems = 0, []
    functions = pytest_functions()
    for mention in found:
        if not re.fullmatch(r"test_\w+", mention.token):
            continue
        checked += 1
        modules = {
            module
            for other in found
            if other.block == mention.block
            for word in path_words(other.token)
            for module in functions
            if word.endswith(".py") and (module == word or module.endswith(f"/{word}"))
        }
        where = modules or functions.keys()
        if not any(mention.token in functions[module] for module in where):
            problems.append(
                f"{mention.where()} names a test that no `def {mention.token}(` of "
                f"{', '.join(sorted(modules)) if modules else 'tests/**/*.py'} defines"
            )
    return checked, problems


# --- the tests --------------------------------------------------------------------------------

CHECKS: dict[str, Callable[[list[Mention]], Result]] = {
    "files": check_paths,
    "macros": check_calls,
    "generic-tests": check_generic_tests,
    "strategies": check_strategies,
    "models": check_models,
    "pytest-tests": check_pytest_tests,
}


def doc_mentions(doc: str, text: str | None = None) -> list[Mention]:
    return [mention for block in doc_blocks(doc, text) for mention in mentions(block)]


@pytest.mark.parametrize("doc", DOCS)
@pytest.mark.parametrize("kind", CHECKS)
def test_what_a_doc_names_exists(kind: str, doc: str) -> None:
    _, problems = CHECKS[kind](doc_mentions(doc))
    assert problems == [], f"{doc} names {kind} the code lacks:\n" + "\n".join(problems)


@pytest.mark.parametrize("kind", CHECKS)
def test_every_check_reads_something(kind: str) -> None:
    """A check that finds no token at all in the docs would pass for any docs."""
    assert sum(CHECKS[kind](doc_mentions(doc))[0] for doc in DOCS) > 0


# a doc naming, for each check, names the code lacks next to names it has
SAMPLE = """\
The sync (`runner/no_such_module.py`, `macros/sync/snapshot.sql`) calls `no_such_macro(relation)`
and `legacy_sync()`, `migration.no_such_function()` and `migration.attach_legacy()`. The tests
`no_such_test` and `matches_ledger` run on each mart; the strategies `no_such_strategy` and
`tracked_merge` merge. `int_no_such__resolved` and `int_tags__resolved` feed `public.no_such_mart`
and `public.tags`.

- `tests/runner/test_coverage.py` `test_no_such_function`, `test_manifest_lists_all_63_legacy_tables_once`
  and `test_the_sources_yaml_declares_the_legacy_ddl_exactly` (a test of another module)
"""
SAMPLE_LACKS = {
    "files": ["runner/no_such_module.py"],
    "macros": ["no_such_macro()", "migration.no_such_function()"],
    "generic-tests": ["`no_such_test`"],
    "strategies": ["`no_such_strategy`"],
    "models": ["int_no_such__resolved", "public.no_such_mart"],
    "pytest-tests": ["`test_no_such_function`", "`test_the_sources_yaml_declares_the_legacy_ddl_exactly`"],
}


@pytest.mark.parametrize("kind", CHECKS)
def test_a_name_the_code_lacks_fails(kind: str) -> None:
    """Each check reports each name of the sample the code lacks, once, and none of those it has."""
    checked, problems = CHECKS[kind](doc_mentions("sample.md", SAMPLE))
    lacks = SAMPLE_LACKS[kind]
    assert checked > len(lacks)
    assert [[name for name in lacks if name in problem] for problem in problems] == [[name] for name in lacks]
