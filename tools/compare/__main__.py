"""`python -m tools.compare`: the Django and Flask apps compared, concept by concept.

    python -m tools.compare page            everything generated: docs/compare/ (a Markdown
                                            page per concept, an index, index.html) and the
                                            generated blocks of README.md and docs/*.md
    python -m tools.compare diff CONCEPT    one concept side by side in the terminal
    python -m tools.compare list            the concepts and their code-line counts

`make compare` runs `page`, `make diff CONCEPT=forms` runs `diff`.
"""

from __future__ import annotations

import argparse
import sys

from . import concepts as concept_map
from . import terminal


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.compare",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("page", help="write docs/compare/ and refresh the generated blocks")
    diff = commands.add_parser("diff", help="one concept, side by side, in the terminal")
    diff.add_argument("concept", nargs="?", help="one of the keys that `list` prints")
    diff.add_argument("--color", action="store_true", default=None, help="colours even if piped")
    diff.add_argument("--width", type=int, help="columns (default: the terminal's)")
    commands.add_parser("list", help="the concepts and their code-line counts")
    args = parser.parse_args(argv)

    try:
        concepts = concept_map.load()
        if args.command == "diff" and not args.concept:
            keys = " ".join(concept.key for concept in concepts)
            print(f"name a concept: make diff CONCEPT=<one of: {keys}>", file=sys.stderr)
            return 2
        if args.command == "diff":
            color = sys.stdout.isatty() if args.color is None else args.color
            concept = concept_map.find(concepts, args.concept)
            sys.stdout.write(terminal.render(concept, width=args.width, color=color))
        elif args.command == "list":
            for concept in concepts:
                django, flask = concept.code_count("django"), concept.code_count("flask")
                api = concept_map.API_SIDE
                fastapi = concept.code_count(api) if concept.has(api) else "—"
                print(
                    f"{concept.key:<16} Django {django:>5}  Flask {flask:>5}  "
                    f"FastAPI {fastapi:>5}  {concept.title}"
                )
        else:
            from . import blocks, markdown, page

            print(f"wrote {page.write(concepts)}")
            written = markdown.write(concepts)
            print(f"wrote {len(written)} pages in {written[0].parent}/")
            for document in blocks.refresh(concepts):
                print(f"rewrote the generated blocks of {document}")
    except concept_map.MappingError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
