"""`user add|list|remove`: the role table (who sees which scope, who may import).

Passwords come from a prompt (asked twice, not echoed) or from standard input with
--password-stdin; they are never printed, logged or written anywhere but as an
argon2id hash. `--oidc` registers an e-mail address that signs in through the
provider configured in .streamlit/secrets.toml and has no local password.
"""
from __future__ import annotations

import getpass
import sys
from pathlib import Path

from dashboard.commands import UserError


def register(sub):
    p = sub.add_parser("user", help="manage accounts and roles (add, list, remove)",
                       description="Manage the role table: identity → national, pref:NN or "
                                   "org:CODE, and whether it may import. The file is "
                                   "SANWARI_USERS (default data/users.toml).")
    p.add_argument("--users", type=Path, metavar="PATH",
                   help="the users file (default: $SANWARI_USERS or data/users.toml)")
    action = p.add_subparsers(dest="user_action", required=True, metavar="ACTION")
    add = action.add_parser("add", help="add (or with --replace, change) an account")
    add.add_argument("name", help="account name, or the e-mail address of an OIDC identity")
    add.add_argument("--role", required=True, metavar="ROLE",
                     help="national, pref:NN (e.g. pref:35) or org:CODE (e.g. org:232033)")
    add.add_argument("--may-import", action="store_true", help="may import files in its scope")
    how = add.add_mutually_exclusive_group()
    how.add_argument("--password-stdin", action="store_true",
                     help="read the password from the first line of standard input")
    how.add_argument("--oidc", action="store_true",
                     help="no local password: signs in through the OIDC provider")
    add.add_argument("--replace", action="store_true", help="replace an existing account")
    action.add_parser("list", help="list accounts and roles (never hashes)")
    rm = action.add_parser("remove", help="remove an account (its sessions end at once)")
    rm.add_argument("name")
    return p


def _password(args) -> str | None:
    from dashboard import accounts
    if args.oidc:
        return None
    if args.password_stdin:
        line = sys.stdin.readline()
        password = line.rstrip("\r\n")
    else:
        if not sys.stdin.isatty():
            raise UserError("パスワードは端末で入力するか --password-stdin を使ってください / "
                            "no terminal: use --password-stdin")
        password = getpass.getpass("パスワード / Password: ")
        if getpass.getpass("もう一度 / Again: ") != password:
            raise UserError("パスワードが一致しません / the passwords differ")
    if len(password) < accounts.MIN_PASSWORD:
        raise UserError(f"パスワードは {accounts.MIN_PASSWORD} 文字以上 / password needs at "
                        f"least {accounts.MIN_PASSWORD} characters")
    return password


def run(args) -> int:
    from dashboard import accounts, audit
    from dashboard.scope import Scope, ScopeError
    path = args.users or accounts.users_path()
    try:
        if args.user_action == "add":
            role = Scope.parse(args.role)
            accounts.normalise_name(args.name)          # fail before asking for a password
            account = accounts.add(args.name, role, may_import=args.may_import,
                                   password=_password(args), path=path, replace=args.replace)
            audit.record("user_add", who="operator", scope=account.role, target=account.name,
                         detail={"may_import": account.may_import, "oidc": not account.local},
                         db=audit.accounts_log(path))
            print(f"{account.name}: {account.role} ({account.role.label()})"
                  f"{', may import' if account.may_import else ''}"
                  f"{', OIDC' if not account.local else ''} → {path}")
        elif args.user_action == "remove":
            name = accounts.normalise_name(args.name)
            accounts.remove(name, path)
            audit.record("user_remove", who="operator", scope="-", target=name,
                         db=audit.accounts_log(path))
            print(f"removed {name}")
        else:
            rows = sorted(accounts.load(path).values(), key=lambda a: a.name)
            if not rows:
                print(f"no accounts in {path}")
            for a in rows:
                print(f"{a.name}\t{a.role}\t{a.role.label()}\t"
                      f"{'import' if a.may_import else '-'}\t{'local' if a.local else 'oidc'}")
    except (accounts.AccountError, ScopeError) as exc:
        raise UserError(str(exc)) from None
    return 0
