"""`pipeline align`: existing translations (pages, fragments, Markdown, text) into catalogs.

extract (main content) -> blocks (the segmenter's units) -> match (structural, else dp with
anchors) -> inline (placeholders) -> fill (the catalog) -> report; `run` holds the flow."""
