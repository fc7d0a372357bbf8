"""Use cases: what the CLI and the bot do, each one transaction over the store."""
