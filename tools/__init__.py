"""Tools that measure and compare the two apps; they are not part of either app."""
