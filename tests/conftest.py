"""Test-session settings shared by every test module."""

import os

# Every test checks its steps afresh: the persistent step cache (a speed-up for
# fresh CLI processes) must not answer for the code under test.  Subprocesses
# started by tests inherit this.
os.environ["SYMBOLIC_INFO_CACHE"] = "off"
