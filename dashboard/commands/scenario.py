"""`scenario`: what-if figures to FY2030 for a scope, and saved scenarios (issue 13).

    python -m dashboard scenario --db PATH --scope S --levers FILE.json --json
    python -m dashboard scenario save --db PATH --scope S --levers FILE.json --name NAME [--parent ID]
    python -m dashboard scenario list --db PATH [--scope S]
    python -m dashboard scenario show --db PATH --id N [--json]
    python -m dashboard scenario effect --db PATH --measure M201 --rate 0.3   (national users)
"""
from __future__ import annotations

import json
from pathlib import Path

from dashboard.commands import UserError, add_db, people_errors

YEAR_FIELDS = ("fiscal_year", "cost_yen", "reduction_rate", "gap_to_target_yen",
               "orgs_over_baseline", "orgs_on_target", "net_burden_yen", "band_low_yen",
               "band_high_yen")


def register(sub):
    p = sub.add_parser("scenario", help="what-if figures FY2026-FY2030; save, list, show scenarios",
                       description="Apply levers (fx, commitment, joint_use, vendor_price, "
                                   "delayed_migration, measures; docs/scenarios.md) to the stored "
                                   "figures of a scope and print the figures per year, the "
                                   "uncertainty band and the sensitivity of the FY2030 reduction rate.")
    p.add_argument("action", nargs="?", default="run", choices=("run", "save", "list", "show", "effect"))
    add_db(p)
    p.add_argument("--scope", default="national", help="national, pref:NN or org:CODE")
    p.add_argument("--levers", type=Path, metavar="FILE.json", help="levers file (default: all neutral)")
    p.add_argument("--name", help="name of the saved scenario (save)")
    p.add_argument("--parent", type=int, help="save as a new version of this scenario id")
    p.add_argument("--user", default="cli", help="author recorded with a saved scenario")
    p.add_argument("--id", type=int, help="scenario id (show)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--measure", help="countermeasure code (effect), e.g. M201")
    p.add_argument("--rate", type=float, help="its expected effect 0..1 (effect)")
    return p


def _levers(path: Path | None) -> dict:
    from dashboard.scenario import levers as lv
    if path is None:
        return lv.neutral()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise UserError(f"{path}: 読めません / cannot read: {exc.strerror}") from None
    try:
        return lv.parse(text)
    except lv.LeverError as exc:
        raise UserError(f"{path.name}: " + "\n  ".join(["レバーが不正です / invalid levers:", *exc.problems])) from None


def result(con, scope: Scope, levers: dict) -> dict:
    """The object `scenario --json` prints."""
    from dashboard.scenario import compute, data
    from dashboard.scenario import levers as lv
    fig = data.load(con, scope)
    rows = compute.compute(fig, levers)
    sens = compute.sensitivity(fig, levers, rows)
    band = {b["fiscal_year"]: b for b in sens["band"]}
    years = [{k: ({**r, **band[r["fiscal_year"]]})[k] for k in YEAR_FIELDS} for r in rows]
    return {"scope": str(scope), "levers": lv.compact(levers), "years": years,
            "sensitivity": [{k: t[k] for k in ("lever", "fy2030_reduction_rate_low",
                                                "fy2030_reduction_rate_high")}
                            for t in sens["tornado"]]}


def run(args) -> int:
    from dashboard import store
    from dashboard.access import OutOfScope
    from dashboard.accounts import OPERATOR
    from dashboard.scenario import levers as lv
    from dashboard.scenario import saved
    from dashboard.scope import Scope
    try:
        scope = Scope.parse(args.scope)
        if args.action == "run":
            levers = _levers(args.levers)
            with store.reader(args.db) as con:
                out = result(con, scope, levers)
            if args.json:
                print(json.dumps(out, ensure_ascii=False))
            else:
                for y in out["years"]:
                    rate = y["reduction_rate"]
                    print(f"FY{y['fiscal_year']}: cost {y['cost_yen']:,} yen, reduction "
                          f"{'n/a' if rate is None else f'{rate:.1%}'}, gap {y['gap_to_target_yen']:,}, "
                          f"band {y['band_low_yen']:,}..{y['band_high_yen']:,}, net burden {y['net_burden_yen']:,}")
            return 0
        if args.action == "save":
            if not args.name:
                raise UserError("--name が必要です / save needs --name")
            levers = _levers(args.levers)
            row = saved.save(args.db, scope, lv.compact(levers), args.name, author=args.user, user=OPERATOR,
                             parent_id=args.parent)
            print(json.dumps({k: row[k] for k in ("scenario_id", "series_id", "version", "name", "scope")},
                             ensure_ascii=False) if args.json else
                  f"saved scenario {row['scenario_id']} (version {row['version']} of series {row['series_id']})")
            return 0
        if args.action == "effect":
            if not args.measure or args.rate is None:
                raise UserError("--measure と --rate が必要です / effect needs --measure and --rate")
            saved.set_effect(args.db, args.measure, args.rate, author=args.user, user=OPERATOR)
            print(f"effect of {args.measure} set to {args.rate:g}")
            return 0
        with store.reader(args.db) as con:
            if args.action == "list":
                frame = saved.visible(con, scope)
                if args.json:
                    print(frame.drop(columns=["levers_json"]).to_json(orient="records", force_ascii=False,
                                                                      date_format="iso"))
                else:
                    for r in frame.itertuples():
                        print(f"{r.scenario_id}\tv{r.version}\t{r.scope}\t{r.name}\t{r.author}\t{r.created_at}")
                return 0
            if args.id is None:
                raise UserError("--id が必要です / show needs --id")
            row = saved.get(con, scope, args.id)
            if row is None:
                raise UserError(f"シナリオ {args.id} はありません（または閲覧範囲外です） / "
                                f"no scenario {args.id} in your scope")
            out = result(con, Scope.parse(row["scope"]), row["levers"])
            out.update({k: row[k] for k in ("scenario_id", "series_id", "version", "name", "author")},
                       created_at=str(row["created_at"]))
            print(json.dumps(out, ensure_ascii=False) if args.json else
                  f"{row['scenario_id']} v{row['version']} {row['name']} ({row['scope']}): {lv.to_json(row['levers'])}")
            return 0
    except lv.LeverError as exc:
        raise UserError("\n  ".join(["レバーが不正です / invalid levers:", *exc.problems])) from None
    except (saved.SaveRefused, OutOfScope) as exc:
        raise UserError(str(exc)) from None
    except people_errors() as exc:
        raise UserError(str(exc)) from None
