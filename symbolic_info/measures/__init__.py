"""One module per topic, each building Drafts from families and parameters."""
