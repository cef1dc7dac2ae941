"""User-supplied strings (file names, notes, login names) shown as plain text.

Streamlit renders the body of st.write, st.caption, st.error, st.success … as Markdown, so a
file named `![x](https://evil/x.png)[click](https://evil).csv` used to fetch an image and show a
link in the national user's import history. `md()` makes such a string inert wherever it has to
sit inside a Markdown message: every ASCII punctuation character CommonMark gives a meaning to is
backslash-escaped (so no link, image, emphasis, HTML tag or autolinked URL can form) and line
breaks become spaces. Where a string stands alone, pages use st.text or a table cell instead.
"""
from __future__ import annotations

import re

_ACTIVE = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:@&=\"'/%?;^])")


def md(text: object) -> str:
    """`text` as Markdown source that renders to exactly `text` on one line."""
    return _ACTIVE.sub(r"\\\1", re.sub(r"[\r\n\t\x00-\x1f]+", " ", str(text)))
