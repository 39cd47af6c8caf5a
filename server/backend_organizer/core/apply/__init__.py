"""Changing the disk: preflight, the journaled all-or-nothing apply, byte-exact undo, crash recovery and git
staging. Takes a finished plan; knows nothing about how it was made."""
