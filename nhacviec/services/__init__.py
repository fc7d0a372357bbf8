"""Use cases: what the CLI and the bot do, each one transaction over the store.

May import the store, the domain (``workflows``), the scheduler's pure model and the ground;
never a face, the composition root or the settings (``config``): what they need comes in as
arguments. Sentences are the faces' (the catalogue imports here are issue 10.4's to-do).
"""
