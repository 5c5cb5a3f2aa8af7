"""The harness: each app run for real, and the clients that talk to it.

One harness for every suite and script that drives the apps: the contract and browser suites
(tests/), the bench (benchmarks/) and the tools (Lighthouse, the screenshots). `servers`
starts an app under gunicorn on a fresh database; `postgres` finds PostgreSQL and makes
databases and throwaway servers; `web` holds HTTP clients for pages and the API; `browser`
drives Chromium through Playwright; `samples` is what the test data is made of.

Layering: tools/ imports neither tests/ nor benchmarks/; both import this package
(tests/tools/test_layers.py checks it).
"""
