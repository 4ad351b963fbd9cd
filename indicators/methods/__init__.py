"""The methods of METHODS.md as pure functions on numbers and frames: nothing here reads a file,
opens a database or formats text for people."""
