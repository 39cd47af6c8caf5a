"""Rewrite rules: each module keeps one kind of reference pointing at the moved code (imports, dotted usages,
module-path strings, ``__file__`` paths, scripts, comments, text and packaging files, notebooks) and returns
edits plus findings. Rules read the scan, never the decision."""
