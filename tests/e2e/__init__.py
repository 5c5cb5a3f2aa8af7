"""The browser suite, a package so that its package-scoped fixtures end with its last test."""
