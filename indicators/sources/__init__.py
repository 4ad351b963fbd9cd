"""Readers of the raw files in data/raw: each turns one kind of published source into tidy frames
and reports every problem with file, line and column. The DEMO generator lives here too
(`synthetic`), clearly apart from the real sources."""
