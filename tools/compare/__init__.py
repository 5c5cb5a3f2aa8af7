"""The Django and Flask apps compared, concept by concept: a page, a diff, the README's counts."""
