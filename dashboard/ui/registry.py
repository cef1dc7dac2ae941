"""The one page registry: every page of the app, its key, address, titles and icon.

app.py builds the navigation from it, the sign-in screen answers its addresses, and the
access rules (access.visible_pages) name pages by its keys. A page is a file run as a
script (so AppTest.switch_page("ui/x.py") can open it) or a module with render().

To add a page: write dashboard/ui/NAME.py with `render()` (and the `__main__` guard if it
is a file page), add one Page line here, and give its key to the roles that may open it
in access.visible_pages.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    key: str            # the access rules' page key
    target: str         # "ui/x.py" (a page file) or "dashboard.ui.x" (a module with render())
    url: str            # the stable address ("" = the default page "/")
    ja: str
    en: str
    icon: str

    def title(self, lang: str) -> str:
        return self.ja if lang == "ja" else self.en


PAGES: tuple[Page, ...] = (
    Page("national", "ui/national.py", "", "全国概況", "National overview", ":material/public:"),
    Page("prefecture", "ui/prefecture.py", "prefecture", "都道府県", "Prefecture", ":material/map:"),
    Page("organization", "ui/organization.py", "organization", "団体", "Organization",
         ":material/apartment:"),
    Page("factors", "ui/factors.py", "factors", "要因分析", "Factor analysis", ":material/analytics:"),
    Page("scenarios", "ui/scenarios.py", "scenarios", "シナリオ", "Scenarios", ":material/insights:"),
    Page("cloud", "ui/cloud.py", "cloud", "クラウド利用料", "Cloud bills", ":material/cloud:"),
    Page("estimate", "dashboard.ui.estimate", "estimate", "見積精査", "Estimate review",
         ":material/fact_check:"),
    Page("data_import", "dashboard.ui.data_import", "import", "データ取込", "Import data",
         ":material/upload_file:"),
    Page("export", "dashboard.ui.export", "export", "出力", "Export", ":material/download:"),
    Page("audit", "dashboard.ui.audit", "audit", "監査ログ", "Audit log", ":material/history:"),
)
BY_KEY = {p.key: p for p in PAGES}
URLS = tuple(p.url for p in PAGES if p.url)

# page key → the st.Page of this run, filled by app.py (for st.switch_page and links)
NAV: dict = {}
