"""The Django and Flask apps compared, concept by concept: pages, a diff, the docs' tables."""
