"""Deciding where every backend file goes: classification on strong signals, siblings, the name-collision guard
and the moves. Reads the scanned project; edits nothing."""
