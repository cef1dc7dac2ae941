"""Accessibility glue Streamlit has no API for: the document language, readable caption
colour, and each chart tied to its title, reading and table for assistive technology.

Streamlit renders `<html lang="en">` whatever the content, so a Japanese page would be read
with English pronunciation; it also draws st.caption in a 60 % grey (3.8:1 on white, below
WCAG 1.4.3's 4.5:1). And st.plotly_chart takes no ARIA attributes. One constant script and
one constant style sheet (no data in them: the language is one of two fixed strings) fix
these on the client:

- `<html lang>` follows ?lang= (ja or en);
- every chart block (a container keyed `fig_<chart key>`) becomes a `role="figure"` whose
  accessible name is the chart title (the h3 above it) and whose description is the
  one-sentence reading under it (`aria-describedby`), with `aria-details` pointing at the
  expander holding the data table; the PNG/SVG/PDF buttons get names that say which chart
  they download ("PNG: 運用経費の推移");
- one visible keyboard focus ring on every control (the style sheet), and the file
  uploader's button named after its label ("Upload: ファイルを選択…").

A MutationObserver re-applies this after every rerun, because Streamlit replaces elements.
"""
from __future__ import annotations

import streamlit as st

CHART_PREFIX = "fig_"
# Streamlit fades captions with opacity 0.6 (2.9:1 on white); #4B5563 at full opacity is 7.6:1.
# Keyboard focus (WCAG 2.4.7): Streamlit marks it on sidebar links and table toolbar buttons
# only with a faint grey background, and not at all on a table's grid (a canvas), on the
# main scroll area or on radio and toggle inputs (which are drawn hidden). One ring for every
# focusable thing, #0072B2 (5.0:1 on white; 1.4.11 asks 3:1), and around the grid's box or
# the option's label where the focused element itself is not what is seen. Toolbars shown
# only on hover (a chart's, a table's, a heading's link) are shown while they hold the focus.
_STYLE = """<style>
[data-testid="stCaptionContainer"] { opacity: 1 !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] * { color: #4B5563 !important; }
:is(a[href], button, summary, input, [role="slider"], [tabindex]:not([tabindex="-1"])):focus-visible {
  outline: 2px solid #0072B2 !important; outline-offset: 1px !important; }
[data-testid="stDataFrameResizable"]:has(:focus-visible),
:is([data-testid="stRadio"], [data-testid="stCheckbox"]) label:has(input:focus-visible) {
  outline: 2px solid #0072B2 !important; outline-offset: 1px !important; }
.js-plotly-plot .modebar:focus-within .modebar-group, [data-testid="stElementToolbar"]:focus-within {
  opacity: 1 !important; transition: none !important; }
:is(h1, h2, h3, h4, h5, h6):has(:focus-visible), :is(h1, h2, h3, h4, h5, h6):has(:focus-visible) *,
[data-testid="stHeaderActionElements"]:focus-within, [data-testid="stHeaderActionElements"]:focus-within * {
  opacity: 1 !important; visibility: visible !important; transition: none !important; }
</style>"""

# The empty <span> keeps the script in the page's main flow: an st.html holding only a script
# goes to Streamlit's event container, which a run ended by st.stop() (the sign-in screen)
# never delivers. The language is read from the address (?lang=en), which the app keeps
# across page switches, so no value is pasted into this HTML.
_SCRIPT = """<span hidden></span><script>
(() => {
  const doc = window.parent && window.parent.document ? window.parent.document : document;
  const apply = () => {
    const where = (window.parent && window.parent.location) || window.location;
    const lang = new URLSearchParams(where.search).get("lang") === "en" ? "en" : "ja";
    if (doc.documentElement.lang !== lang) doc.documentElement.lang = lang;
    doc.querySelectorAll('[class*="st-key-fig_"]').forEach((box, n) => {
      const key = [...box.classList].find(c => c.startsWith('st-key-fig_')).slice(7);
      const plot = box.querySelector('[data-testid="stPlotlyChart"]');
      if (!plot) return;
      const heading = box.querySelector('h1, h2, h3, h4');
      const caption = box.querySelector('[data-testid="stCaptionContainer"]');
      const details = box.querySelector('[data-testid="stExpander"]');
      const title = heading ? heading.innerText.trim() : '';
      if (heading && !heading.id) heading.id = key + '-title';
      if (caption) caption.id = key + '-reading';
      if (details) details.id = key + '-table';
      plot.setAttribute('role', 'figure');
      if (heading) plot.setAttribute('aria-labelledby', heading.id);
      if (caption) plot.setAttribute('aria-describedby', caption.id);
      if (details) plot.setAttribute('aria-details', details.id);
      box.querySelectorAll('[data-testid="stDownloadButton"] button').forEach(b => {
        const what = b.innerText.trim().split('\\n').pop();
        if (title && what && !b.getAttribute('aria-label')) b.setAttribute('aria-label', what + ': ' + title);
      });
    });
    // the file uploader's button is named only "Upload": say what it uploads (its label)
    doc.querySelectorAll('[data-testid="stFileUploaderDropzone"]').forEach(zone => {
      const b = zone.querySelector('button');
      const what = zone.getAttribute('aria-label');
      if (b && what && !b.getAttribute('aria-label')) b.setAttribute('aria-label', b.innerText.trim().split('\\n').pop() + ': ' + what);
    });
  };
  apply();
  if (!doc.__sanwariA11y) {   // one observer per document, batched to one pass per frame
    doc.__sanwariA11y = true;
    let queued = false;
    new MutationObserver(() => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => { queued = false; apply(); });
    }).observe(doc.body, {childList: true, subtree: true});
  }
})();
</script>"""


def install() -> None:
    """Once per run, before the page's content: language, caption contrast, chart ARIA."""
    st.html(_STYLE)
    st.html(_SCRIPT, unsafe_allow_javascript=True)


def chart_key(key: str) -> str:
    """The container key that marks a chart block for install()'s script."""
    return CHART_PREFIX + key
