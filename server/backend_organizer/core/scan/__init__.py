"""Reading the workspace: discovery, decoding, one AST index per file, configuration, run evidence and the import
layout. Everything later stages know about the code comes from here; nothing here decides or edits."""
