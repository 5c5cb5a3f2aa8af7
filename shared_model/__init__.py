"""The framework-neutral heart of the service: schema, validation, model, card, OpenAPI.

Both `django_app` and `flask_app` import from here; nothing here imports a web framework.
"""
