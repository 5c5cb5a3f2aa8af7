"""What a web process does once it has loaded everything, before its first request.

The web processes' entry points, Django's `django_app/config/wsgi.py` and Flask's
`flask_app/wsgi.py`, both call `freeze_startup_objects()` after the model is loaded.
"""

from __future__ import annotations

import gc

_frozen = False


def freeze_startup_objects() -> None:
    """Keep what start-up loaded out of the garbage collector's passes (`gc.freeze()`).

    A web process holds a few hundred thousand objects that live as long as it does: the
    framework, the ORM's models and mappings, numpy, scikit-learn, the model. Python's full
    collection walks all of them, and a request that allocates many objects (a batch of a
    thousand predictions builds a thousand ORM objects and their SQL parameters) sets one
    off every request or two. Frozen, they are skipped; objects made later are collected as
    before. Once per process: freezing again would keep a test's discarded apps forever.
    """
    global _frozen
    if _frozen:
        return
    gc.collect()  # what start-up left as garbage is freed, not frozen
    gc.freeze()
    _frozen = True
