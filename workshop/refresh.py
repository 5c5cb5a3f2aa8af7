"""Bring the solution patches up to date: `.venv/bin/python workshop/refresh.py [NN ...]`.

When the apps change under the workshop, a solution may stop applying. For each patch (or
only the exercises named), in a temporary worktree of HEAD: apply it with a three-way merge,
give a new migration the place after the newest one of HEAD (Django: the next number and
its `dependencies`; Alembic: `down_revision`), and write the result back as the patch, then
the table of the patches' sizes in workshop/README.md. A patch that cannot merge is left in
its worktree, with the conflict markers, and the command that exports it once fixed. The
variants of a solution (variants_<app>.toml) edit its text: tests/workshop/ says whether
each still finds what it edits. Then run `make workshop-verify`.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # run as a script (python workshop/refresh.py): import as a module
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workshop.exercises import write_table

ROOT = Path(__file__).resolve().parents[1]
WORKSHOP = ROOT / "workshop"
DJANGO_MIGRATIONS = "django_app/predictions/migrations"
ALEMBIC_VERSIONS = "flask_app/migrations/versions"


def git(tree: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=tree, capture_output=True, text=True, check=check)


def added_files(tree: Path, folder: str) -> list[Path]:
    out = git(tree, "diff", "--cached", "--name-only", "--diff-filter=A", "HEAD", "--", folder)
    return [tree / line for line in out.stdout.split()]


def head_files(tree: Path, folder: str) -> list[str]:
    out = git(tree, "ls-tree", "--name-only", "HEAD", f"{folder}/")
    return [Path(line).name for line in out.stdout.split()]


def rechain_django(tree: Path) -> None:
    """Number the patch's migrations after HEAD's newest and make them depend on it."""
    existing = sorted(n for n in head_files(tree, DJANGO_MIGRATIONS) if re.match(r"\d{4}_", n))
    if not existing:
        return
    latest = existing[-1].removesuffix(".py")
    number = int(latest[:4])
    for path in sorted(added_files(tree, DJANGO_MIGRATIONS)):
        number += 1
        text = re.sub(
            r"\('predictions', '\d{4}_\w+'\)", f"('predictions', '{latest}')", path.read_text()
        )
        new = path.with_name(f"{number:04d}_{path.name[5:]}")
        path.write_text(text)
        if new != path:
            git(tree, "mv", "-f", str(path), str(new))
        latest = new.name.removesuffix(".py")


def rechain_alembic(tree: Path) -> None:
    """Set the patch's revision to follow HEAD's head revision."""
    added = added_files(tree, ALEMBIC_VERSIONS)
    if not added:
        return
    revisions, parents = set(), set()
    for name in head_files(tree, ALEMBIC_VERSIONS):
        text = (tree / ALEMBIC_VERSIONS / name).read_text()
        revisions.update(re.findall(r"^revision = '(\w+)'", text, re.M))
        parents.update(re.findall(r"^down_revision = '(\w+)'", text, re.M))
    heads = revisions - parents
    if len(heads) != 1:
        return
    (head,) = heads
    for path in added:
        text = path.read_text()
        text = re.sub(r"^down_revision = .*$", f"down_revision = '{head}'", text, flags=re.M)
        text = re.sub(r"^Revises: .*$", f"Revises: {head}", text, flags=re.M)
        path.write_text(text)


def refresh(patch: Path, base: Path) -> bool:
    tree = base / f"{patch.parent.name}-{patch.stem}"
    git(ROOT, "worktree", "add", "--detach", "--quiet", str(tree), "HEAD")
    applied = git(tree, "apply", "--3way", "--whitespace=nowarn", str(patch), check=False)
    if applied.returncode != 0:
        print(
            f"CONFLICT {patch.relative_to(ROOT)}:\n{applied.stderr}"
            f"  fix it in {tree}, then export it with:\n"
            f"  (cd {tree} && git add -A && git diff --cached HEAD) > {patch}\n"
            f"  and remove the worktree: git worktree remove --force {tree}"
        )
        return False
    rechain_django(tree)
    rechain_alembic(tree)
    git(tree, "add", "-A")
    fresh = git(tree, "diff", "--cached", "HEAD").stdout
    if fresh != patch.read_text():
        patch.write_text(fresh)
        print(f"refreshed {patch.relative_to(ROOT)}")
    else:
        print(f"up to date {patch.relative_to(ROOT)}")
    git(ROOT, "worktree", "remove", "--force", str(tree))
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("exercises", nargs="*", help="exercise numbers, e.g. 01 07 (default: all)")
    arguments = parser.parse_args()
    patches = sorted(WORKSHOP.glob("[0-9][0-9]-*/solution-*.patch"))
    if arguments.exercises:
        patches = [p for p in patches if p.parent.name[:2] in arguments.exercises]
    base = Path(tempfile.mkdtemp(prefix="workshop-refresh-"))
    results = [refresh(patch, base) for patch in patches]
    if write_table():
        print("refreshed the table of solution sizes in workshop/README.md")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
