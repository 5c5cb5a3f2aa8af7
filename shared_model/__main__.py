"""`python -m shared_model train | card | predict ...`: the model from the command line."""

from __future__ import annotations

import argparse
import json
import sys

from shared_model.model.schema import FEATURES


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m shared_model", description="Train, inspect and query the iris model."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("train", help="train the model and write the artifact and its card")
    commands.add_parser("card", help="print the model card as JSON")
    predict = commands.add_parser("predict", help="predict the class of one flower")
    for feature in FEATURES:
        predict.add_argument(
            "--" + feature.name.replace("_", "-"),
            dest=feature.name,
            type=float,
            required=True,
            help=f"{feature.label} in {feature.unit} ({feature.min:g} to {feature.max:g})",
        )
    args = parser.parse_args(argv)

    if args.command == "train":
        from shared_model.model import artifacts
        from shared_model.model.training import train

        model, card = train()
        path = artifacts.save(model, card)
        print(
            f"trained {card['name']} version {card['version']}: "
            f"held-out accuracy {card['metrics']['accuracy']:.3f}; wrote {path}"
        )
        return 0

    from shared_model.model.artifacts import ModelArtifactError
    from shared_model.model.predictor import Predictor

    try:
        predictor = Predictor.load()
    except ModelArtifactError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if args.command == "card":
        print(json.dumps(predictor.card, indent=2))
        return 0

    from shared_model.model.validation import ValidationError, validate_features

    try:
        features = validate_features({f.name: getattr(args, f.name) for f in FEATURES})
    except ValidationError as error:
        for path, message in error.details.items():
            print(f"error: {path.removeprefix('features.')}: {message}", file=sys.stderr)
        return 2
    result = predictor.predict_one(features)
    print(
        json.dumps(
            {
                "label": result.label,
                "probabilities": result.probabilities,
                "warnings": result.warnings,
                "model_version": predictor.version,
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
