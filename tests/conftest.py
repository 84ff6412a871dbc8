"""Test-session settings shared by every test module."""

import os

# Every test checks its steps afresh: the persistent step cache (a speed-up for
# fresh CLI processes) must not answer for the code under test.  Subprocesses
# started by tests inherit this.
os.environ["SYMBOLIC_INFO_CACHE"] = "off"

# A served app warms every entry in a background process (symbolic_info.web.warm); tests
# that start a server measure the app itself, so they leave the warm-up off.
os.environ["SYMBOLIC_INFO_WARM"] = "off"
