"""What only the tests share: the rest of the suites' harness is tools/harness/."""
