#!/usr/bin/env python3
"""Fails when a module's SQL names a table that another module owns.

The owners are the table in docs/architecture.md under "## Tables and their
owners" (rows `| table | owner | what it holds |`); that section is the one
source. Every table created by a migration must have exactly one owner, and
every owner must be a folder of src/.

The SQL of a module is every string literal in src/<module>/**/*.cc that reads
as SQL (it holds SELECT, INSERT, UPDATE, DELETE, FROM or JOIN as an upper-case
word). Literals that C++ concatenates (adjacent "..." "..." pieces) are joined
first, so a FROM at the end of one line and its table on the next are seen
together. A table is named where it follows FROM, JOIN, INTO, UPDATE, TABLE or
a comma in a FROM list.

Exempt: the migrations (src/store/migrations/), tests (test/ is not read), and
the rows of the "Known exceptions" list in the same section, each of which names
module, table and the reason it is still there.

Usage: check-table-owners.py [--root DIR]
Exit status 0 when clean, 1 with one "file:line: ..." line per violation.
"""
import argparse
import pathlib
import re
import sys

SECTION = "## Tables and their owners"
SQL_WORD = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|FROM|JOIN)\b")
# A table position: after one of these keywords, the next identifier.
TABLE_AFTER = re.compile(r"\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+(?:ONLY\s+)?([A-Za-z_][A-Za-z0-9_]*)", re.I)
# Further tables of a FROM list: "FROM a x, b y" -> b.
FROM_LIST = re.compile(r"\bFROM\s+([A-Za-z_][A-Za-z0-9_\s,]*?)(?=\bWHERE\b|\bJOIN\b|\bGROUP\b|\bORDER\b|\bLIMIT\b|\bON\b|\)|$)",
                       re.I)
CREATE_TABLE = re.compile(r"\bCREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?([a-z_][a-z0-9_]*)", re.I)


def read_section(doc):
    """Returns (owners {table: module}, exceptions {(module, table)}, errors)."""
    owners, exceptions, errors = {}, set(), []
    lines = doc.read_text(encoding="utf-8").splitlines()
    try:
        start = lines.index(SECTION)
    except ValueError:
        return owners, exceptions, [f"{doc}: no '{SECTION}' section"]
    in_exceptions = False
    for number, line in enumerate(lines[start + 1:], start + 2):
        if line.startswith("## "):
            break
        if line.startswith("Known exceptions"):
            in_exceptions = True
            continue
        cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")] if line.startswith("|") else []
        if len(cells) < 2 or not re.fullmatch(r"[a-z_][a-z0-9_]*", cells[0]) or cells[0] in ("table", "module"):
            continue
        if in_exceptions:
            # | module | table | reason |
            exceptions.add((cells[0], cells[1]))
        else:
            table, owner = cells[0], cells[1]
            if table in owners:
                errors.append(f"{doc}:{number}: table {table} has two owners ({owners[table]}, {owner})")
            owners[table] = owner
    return owners, exceptions, errors


def literals(text):
    """Yields (line, joined text) for each run of adjacent C++ string literals."""
    i, n = 0, len(text)
    run, run_line = None, 0
    line = 1
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
            continue
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            line += text.count("\n", i, j)
            i = j
            continue
        if c == "'":  # character literal (or digit separator: skip one char)
            m = re.match(r"'(\\.|[^'\\\n])'", text[i:])
            i += len(m.group(0)) if m else 1
            continue
        raw = re.match(r'(?:u8|u|U|L)?R"([^(\s]*)\(', text[i:])
        if raw and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            end = text.find(")" + raw.group(1) + '"', i + raw.end())
            end = n if end < 0 else end
            body = text[i + raw.end():end]
            if run is None:
                run, run_line = [], line
            run.append(body)
            line += body.count("\n")
            i = end + len(raw.group(1)) + 2
            continue
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            if run is None:
                run, run_line = [], line
            run.append(text[i + 1:j])
            i = j + 1
            continue
        if not c.isspace():
            if run is not None:
                yield run_line, " ".join(run)
                run = None
        i += 1
    if run is not None:
        yield run_line, " ".join(run)


def tables_named(sql):
    names = {m.group(1).lower() for m in TABLE_AFTER.finditer(sql)}
    for m in FROM_LIST.finditer(sql):
        for part in m.group(1).split(",")[1:]:
            words = part.split()
            if words:
                names.add(words[0].lower())
    return names


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=pathlib.Path(__file__).resolve().parent.parent, type=pathlib.Path)
    args = parser.parse_args()
    root = args.root
    src = root / "src"
    owners, exceptions, errors = read_section(root / "docs" / "architecture.md")
    modules = {p.name for p in src.iterdir() if p.is_dir()}

    created = set()
    for sql_file in sorted((src / "store" / "migrations").rglob("*.sql")):
        created.update(t.lower() for t in CREATE_TABLE.findall(sql_file.read_text(encoding="utf-8")))
    for table in sorted(created - owners.keys()):
        errors.append(f"docs/architecture.md: table {table} (created by a migration) has no owner")
    for table in sorted(owners.keys() - created):
        errors.append(f"docs/architecture.md: owner listed for {table}, which no migration creates")
    for table, owner in sorted(owners.items()):
        if owner not in modules:
            errors.append(f"docs/architecture.md: table {table}: owner {owner} is not a folder of src/")

    used_exceptions = set()
    for cc in sorted(src.rglob("*.cc")):
        rel = cc.relative_to(root)
        parts = cc.relative_to(src).parts
        if len(parts) < 2 or "migrations" in parts:
            continue
        module = parts[0]
        for line, text in literals(cc.read_text(encoding="utf-8")):
            if not SQL_WORD.search(text):
                continue
            for table in sorted(tables_named(text)):
                owner = owners.get(table)
                if owner is None or owner == module:
                    continue
                if (module, table) in exceptions:
                    used_exceptions.add((module, table))
                    continue
                errors.append(f"{rel}:{line}: {module} names table {table}, owned by {owner}; "
                              f"call a function of {owner}/ with the transaction instead")
    for module, table in sorted(exceptions - used_exceptions):
        errors.append(f"docs/architecture.md: known exception {module} -> {table} no longer occurs; delete it")

    for e in errors:
        print(e, file=sys.stderr)
    if errors:
        print(f"table-owners: {len(errors)} problem(s)", file=sys.stderr)
        return 1
    print(f"table-owners: {len(owners)} tables, each named only by its owner")
    return 0


if __name__ == "__main__":
    sys.exit(main())
