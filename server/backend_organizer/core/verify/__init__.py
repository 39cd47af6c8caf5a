"""Proving a plan: the static binding check under every import model, stale-import detection, name checks and the
opt-in runtime check in scratch copies."""
