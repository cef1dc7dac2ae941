"""The lever controls of the scenario page, bound to the URL (`?levers=` compact JSON).

The URL is the single source of truth, as for the other pages' widgets: the controls are
seeded from it whenever it differs from what they last wrote (a reload, a pasted link, a
loaded saved scenario), and every change writes the levers back, so `/scenarios?levers=…`
reproduces an unsaved view.
"""
from __future__ import annotations

import json

import streamlit as st

from dashboard import session
from dashboard.ui.common import tr
from dashboard.scenario import levers as lv

YEARS = list(lv.YEARS)
SELECTORS_BASE = ["all", "kind:政令指定都市", "kind:中核市", "kind:市", "kind:特別区", "kind:町", "kind:村",
                  "pop:-5000", "pop:-10000", "pop:-50000"]


def _help(lever: str, param: str, lang: str) -> str:
    frame = lv.ranges()
    row = frame[(frame["lever"] == lever) & (frame["param"] == param)].iloc[0]
    return row["help_ja"] if lang == "ja" else row["help_en"]


def _range(lever: str, param: str):
    return lv._range(lever, param)


def seed(levers: dict) -> None:
    """Set every control's state from normalised levers."""
    ss = st.session_state
    rates = sorted(set(levers["fx"].values()))
    ss["lv_fx"] = float(rates[-1] if len(rates) == 1 else levers["fx"][2030])
    ss["lv_commit_share"] = float(levers["commitment"]["share"])
    ss["lv_commit_discount"] = float(levers["commitment"]["discount"])
    members = levers["joint_use"]["members"]
    ss["lv_joint_members"] = [m["select"] for m in members]
    ss["lv_joint_from"] = members[0]["from_fy"] if members else 2027
    ss["lv_joint_ops"] = float(levers["joint_use"]["saving_ops"])
    ss["lv_joint_net"] = float(levers["joint_use"]["saving_network"])
    ss["lv_vendor"] = float(levers["vendor_price"]["pct_per_year"])
    ss["lv_delayed"] = levers["delayed_migration"]["year"]
    starts = {s["start_fy"] for s in levers["measures"].values()}
    ss["lv_measure_start"] = min(starts) if starts else 2027
    for m, s in levers["measures"].items():
        ss[f"lv_m_{m}"] = float(s["adoption"])


def _selector_options(scope_members: list[str]) -> list[str]:
    allowed = session.allowed_scope()
    prefs = [] if allowed.kind != "national" else [f"pref:{c:02d}" for c in range(1, 48)]
    return SELECTORS_BASE + prefs + scope_members


def controls(lang: str, org_options: list[str], org_labels: dict[str, str]) -> dict:
    """Draw the controls; return the levers as a levers-file dict (checked by the caller)."""
    ss = st.session_state
    st.subheader(tr("レバー", "Levers", lang))
    _, low, high = _range("fx", "yen_per_usd")
    fx = st.slider(tr("為替レート（円/米ドル、全年度）", "Yen per US dollar (every year)", lang), low, high,
                   step=1.0, key="lv_fx", help=_help("fx", "yen_per_usd", lang))
    c1, c2 = st.columns(2)
    share = c1.slider(tr("長期継続割引の適用割合", "Commitment coverage", lang), 0.0, _range("commitment", "share")[2],
                      step=0.05, key="lv_commit_share", help=_help("commitment", "share", lang))
    _, dlow, dhigh = _range("commitment", "discount")
    discount = c2.slider(tr("割引率", "Discount", lang), dlow, dhigh, step=0.01, key="lv_commit_discount",
                         help=_help("commitment", "discount", lang))
    vendor = st.slider(tr("事業者の価格改定（%/年）", "Vendor price change (%/year)", lang),
                       *_range("vendor_price", "pct_per_year")[1:], step=0.5, key="lv_vendor",
                       help=_help("vendor_price", "pct_per_year", lang))
    delayed = st.selectbox(tr("特定移行支援システムの移行年度", "Migration year of delayed systems", lang),
                           [None] + YEARS, key="lv_delayed", help=_help("delayed_migration", "year", lang),
                           format_func=lambda y: tr("各団体の予定どおり", "as planned", lang) if y is None else f"FY{y}")
    with st.expander(tr("共同利用", "Joint use (共同利用)", lang), expanded=bool(ss.get("lv_joint_members"))):
        options = _selector_options(org_options)
        for chosen in ss.get("lv_joint_members", []):
            if chosen not in options:
                options.append(chosen)
        members = st.multiselect(tr("参加する団体", "Members", lang), options, key="lv_joint_members",
                                 format_func=lambda s: org_labels.get(s, s),
                                 help=tr("団体・都道府県・区分・人口帯（pop:上限）", "organizations, prefectures, kinds, population bands", lang))
        from_fy = st.selectbox(tr("参加年度", "From", lang), YEARS, key="lv_joint_from")
        j1, j2 = st.columns(2)
        ops = j1.slider(tr("運用管理補助の削減率", "Saving on operations support", lang), 0.0,
                        _range("joint_use", "saving_ops")[2], step=0.05, key="lv_joint_ops",
                        help=_help("joint_use", "saving_ops", lang))
        net = j2.slider(tr("接続回線の削減率", "Saving on GC lines", lang), 0.0,
                        _range("joint_use", "saving_network")[2], step=0.05, key="lv_joint_net",
                        help=_help("joint_use", "saving_network", lang))
    with st.expander(tr("対策の追加導入", "Countermeasures (additional adoption)", lang)):
        start = st.selectbox(tr("効果の開始年度", "Effect from", lang), YEARS, key="lv_measure_start",
                             help=_help("measures", "start_fy", lang))
        adoption = {}
        cols = st.columns(2)
        for n, m in enumerate(lv.MEASURES):
            adoption[m] = cols[n % 2].slider(m, 0.0, 1.0, step=0.1, key=f"lv_m_{m}",
                                             help=_help("measures", "adoption", lang))
    raw = {"fx": fx, "commitment": {"share": share, "discount": discount},
           "joint_use": {"members": [{"select": s, "from_fy": from_fy} for s in members],
                         "saving_ops": ops, "saving_network": net},
           "vendor_price": vendor, "delayed_migration": delayed,
           "measures": {m: {"adoption": a, "start_fy": start} for m, a in adoption.items()}}
    return raw


def url_levers(lang: str) -> tuple[dict | None, str | None]:
    """(levers from ?levers=, problem text) — a bad value is reported, never applied."""
    text = st.query_params.get("levers")
    if not text:
        return None, None
    try:
        return lv.parse(json.loads(text)), None
    except (ValueError, lv.LeverError) as exc:
        problems = getattr(exc, "problems", [str(exc)])
        return None, tr("URL のレバーが不正なため無視しました: ", "Ignored invalid levers in the URL: ", lang) + \
            "; ".join(problems)
