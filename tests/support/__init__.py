"""Test helpers shared by the contract suite and the browser suite: real servers, HTTP clients."""
