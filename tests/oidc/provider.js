// A real OpenID Connect provider for the sign-in tests: panva's oidc-provider (OpenID
// Certified), with a small sign-in and consent form in place of its development-only ones,
// so that a wrong password is refused as a real provider would.
//
//   node tests/oidc/provider.js CONFIG.json
//
// CONFIG.json (written by the test at run time, never committed):
//   {"issuer": "http://127.0.0.1:PORT", "port": PORT, "cookie_keys": ["…"],
//    "client": {"client_id": "…", "client_secret": "…", "redirect_uris": ["…/oauth2callback"]},
//    "accounts": [{"login": "…", "password": "…", "claims": {"sub": "…", "email": "…", …}}]}
// Prints "ready" on stdout once it listens.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';

import Provider, { interactionPolicy } from 'oidc-provider';

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const bySub = new Map(config.accounts.map((a) => [a.claims.sub, a]));
const byLogin = new Map(config.accounts.map((a) => [a.login, a]));

// Streamlit asks for prompt=select_account (as Google and Entra ID accept); the sign-in form
// below is where the account is chosen, so it resolves that prompt together with login.
const policy = interactionPolicy.base();
policy.add(new interactionPolicy.Prompt({ name: 'select_account', requestable: true }), 0);

// A signing key made for this run only (the provider's built-in key is a public test key).
const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-run', use: 'sig', alg: 'RS256' };

const provider = new Provider(config.issuer, {
  clients: [{ ...config.client, grant_types: ['authorization_code'], response_types: ['code'] }],
  jwks: { keys: [jwk] },
  cookies: { keys: config.cookie_keys },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  // Streamlit (Authlib) takes the identity from the ID token and never calls userinfo, so
  // the scoped claims go into the ID token as well.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: false } },
  interactions: { policy, url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, sub) {
    const account = bySub.get(sub);
    return account && { accountId: sub, claims: async () => ({ ...account.claims }) };
  },
});

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(res, title, body) {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head>`
    + `<body><h1>${escape(title)}</h1>${body}</body></html>`);
}

function loginForm(res, uid, error) {
  page(res, 'Sign-in', `${error ? `<p role="alert">${escape(error)}</p>` : ''}
    <form method="post" action="/interaction/${escape(uid)}">
      <input type="hidden" name="prompt" value="login">
      <label>Login <input name="login" autocomplete="username" required></label>
      <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
      <button type="submit">Sign in</button>
    </form>`);
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

async function interaction(req, res, uid) {
  const details = await provider.interactionDetails(req, res);
  const { prompt, params, session, grantId } = details;
  if (req.method === 'GET') {
    if (prompt.name === 'consent') {
      return page(res, 'Authorize', `<p>${escape(params.client_id)} asks for: ${escape(params.scope)}</p>
        <form method="post" action="/interaction/${escape(uid)}">
          <input type="hidden" name="prompt" value="consent">
          <button type="submit">Allow</button>
        </form>`);
    }
    return loginForm(res, uid);
  }
  const form = await readForm(req);
  if (form.get('prompt') === 'login') {
    const account = byLogin.get(form.get('login') || '');
    const given = Buffer.from(form.get('password') || '');
    const expected = Buffer.from(account ? account.password : '');
    if (!account || given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
      return loginForm(res, uid, 'Wrong login or password.');
    }
    return provider.interactionFinished(req, res, {
      login: { accountId: account.claims.sub }, select_account: {},
    }, { mergeWithLastSubmission: false });
  }
  if (form.get('prompt') === 'consent' && prompt.name === 'consent') {
    const grant = grantId ? await provider.Grant.find(grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
    if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
    return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } },
      { mergeWithLastSubmission: true });
  }
  res.writeHead(400).end('bad interaction');
}

const callback = provider.callback();
const server = http.createServer((req, res) => {
  const match = /^\/interaction\/([\w-]+)$/.exec(new URL(req.url, config.issuer).pathname);
  if (!match) return callback(req, res);
  return interaction(req, res, match[1]).catch((err) => {
    if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' });
    res.end(`interaction failed: ${err.message}`);
  });
});
server.listen(config.port, '127.0.0.1', () => console.log('ready'));
