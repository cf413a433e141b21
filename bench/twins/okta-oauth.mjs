// Okta twin bench, OAuth side: client_credentials token issuance at the `default` authorization
// server (POST /oauth2/default/v1/token, client_secret_basic, form body) against a bare Fastify route.
// Each answer is a freshly signed RS256 JWT, so RSA signing bounds the figure.
// Needs the compiled twin: npx tsc -p tsconfig.build.json.
import { startTwin } from '../../dist/shared/kernel/twin-server.js';
import { loadOrgDefinition, OrgSource } from '../../dist/shared/seeding/fixtures.js';
import { oktaTwin } from '../../dist/twins/okta/index.js';

const SEED = 42;

export async function start({ host }) {
  const twin = await startTwin(oktaTwin, { host, port: 0, seed: SEED, orgSource: new OrgSource(loadOrgDefinition('small', undefined)) });
  const { okta } = await (await fetch(`${twin.url}/_dtu/credentials`)).json();
  const { clientId, clientSecret, scope } = okta.oidc;
  const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64');
  // Derive the signing key now, not during the runner's first check.
  const warm = await fetch(`${twin.url}/oauth2/default/v1/keys`);
  if (!warm.ok) throw new Error(`JWKS answered ${warm.status}`);
  return { port: twin.port, close: () => twin.close(), context: { basic, scope } };
}

export const scenarios = [
  {
    id: 'oktaClientCredentialsToken', label: 'POST /oauth2/default/v1/token, client_credentials, client_secret_basic',
    request: (context) => ({
      method: 'POST', path: '/oauth2/default/v1/token',
      headers: { authorization: `Basic ${context.basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: `grant_type=client_credentials&scope=${encodeURIComponent(context.scope)}`,
    }),
  },
];

export const figures = [
  {
    id: 'oktaTokenIssuanceVsBare', label: 'client_credentials token issuance ÷ bare Fastify', over: 'oktaClientCredentialsToken', under: 'bare',
    target: { op: '>=', value: 0.3 },
  },
];
