"""Article x Locale x accepted translations -> Page HTML.

`fill`: the article's skeleton filled with a locale's translations (no DOM per language);
`pages`: the page context of an article, an index and the root page, and which pages a
locale publishes; `layouts`: the Jinja2 layouts, dates and the language switcher.
"""
