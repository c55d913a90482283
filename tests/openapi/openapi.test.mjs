// docs/openapi.json is a valid OpenAPI 3.1 document (checked by an OpenAPI schema validator),
// names every route of the gateway with the agreed path parameters, agrees with docs/api.md, and
// describes what a running bytespike-gatewayd actually answers: each route is called and its
// body checked against the schema the document gives for that status.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const here = path.dirname(fileURLToPath(import.meta.url));
const docPath = path.join(here, '../../docs/openapi.json');
const doc = JSON.parse(readFileSync(docPath, 'utf8'));

const methods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

function deref(node) {
  while (node && node.$ref) {
    assert.ok(node.$ref.startsWith('#/'), `only local references: ${node.$ref}`);
    node = node.$ref.slice(2).split('/').reduce((n, part) => n[part.replaceAll('~1', '/').replaceAll('~0', '~')], doc);
    assert.ok(node, 'a reference that resolves');
  }
  return node;
}

test('docs/openapi.json is a valid OpenAPI 3.1 document', async () => {
  const validator = new Validator();
  const result = await validator.validate(docPath);
  assert.equal(validator.version, '3.1');
  assert.deepEqual(result.errors, undefined, JSON.stringify(result.errors, null, 2));
  assert.equal(result.valid, true);
});

// That the document names exactly the routes served is tst_openapiroutes' check (against the
// route table); here each operation's own parts are checked.
test('every operation has its path parameters and states its security', () => {
  for (const [p, item] of Object.entries(doc.paths)) {
    const expected = Object.keys(item).filter((k) => methods.includes(k));
    const names = [...p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    for (const method of expected) {
      const op = item[method];
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(deref);
      assert.deepEqual(params.filter((x) => x.in === 'path').map((x) => x.name).sort(), [...names].sort(), `${method} ${p}`);
      assert.ok(Array.isArray(op.security), `${method} ${p} states its security`);
      const isAdmin = p.startsWith('/admin/') || p === '/metrics';
      if (isAdmin) {
        assert.deepEqual(op.security, [{ adminToken: [] }], `${method} ${p} needs the admin token`);
        assert.ok(op.responses['403'], `${method} ${p} documents 403 (a role that does not allow it)`);
        assert.ok(['viewer', 'pricing', 'billing', 'admin'].includes(op['x-bytespike-role']), `${method} ${p} names its role`);
      }
      if (op.security.length > 0) assert.ok(op.responses['401'], `${method} ${p} documents 401`);
      const envelope = p === '/v1/chat/completions' ? 'OpenAIError' : 'AnthropicError';
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) < 400) continue;
        const schema = deref(response).content['application/json'].schema;
        assert.equal(schema.$ref, `#/components/schemas/${envelope}`, `${method} ${p} ${status} uses ${envelope}`);
      }
    }
  }
});

test('docs/api.md names every route of the document', () => {
  const prose = readFileSync(path.join(here, '../../docs/api.md'), 'utf8');
  for (const p of Object.keys(doc.paths)) assert.ok(prose.includes('`' + p), `docs/api.md mentions ${p}`);
});

// The live half: a fresh gateway (simulator channel, demo customer) answers every route.
const gatewayd = process.env.BYTESPIKE_GATEWAYD;
let gateway;
let dataDir;
let baseURL;
let demoKey;
const adminToken = 'openapi-test-admin-token';

before(async () => {
  if (!gatewayd) return;
  dataDir = mkdtempSync(path.join(tmpdir(), 'bytespike-openapi-'));
  gateway = spawn(gatewayd, ['--data-dir', dataDir, '--listen', '127.0.0.1:0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, BYTESPIKE_ADMIN_TOKEN: adminToken, BYTESPIKE_SIMULATOR_LATENCY_SCALE: '0' },
  });
  baseURL = await new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`bytespike-gatewayd did not start:\n${err}`)), 20000);
    gateway.stderr.on('data', (d) => { err += d; });
    gateway.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    gateway.on('exit', (code) => { clearTimeout(timer); reject(new Error(`bytespike-gatewayd exited with ${code}:\n${err}`)); });
  });
  demoKey = readFileSync(path.join(dataDir, 'demo-key'), 'utf8').trim();
});

after(() => {
  gateway?.kill('SIGTERM');
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

// The document with absolute references, so that ajv can compile any schema inside it.
const docId = 'https://bytespike.invalid/openapi.json';
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(JSON.parse(JSON.stringify(doc).replaceAll('"$ref":"#/', `"$ref":"${docId}#/`)), docId);

async function call(method, route, url, { key, admin = true, token = adminToken, body, contentType = 'application/json' } = {}) {
  const headers = {};
  if (key) headers['x-api-key'] = key;
  else if (admin) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = contentType;
  const r = await fetch(baseURL + url, { method: method.toUpperCase(), headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  const op = doc.paths[route]?.[method];
  assert.ok(op, `${method} ${route} is described`);
  const response = op.responses[String(r.status)];
  assert.ok(response, `${method} ${url}: status ${r.status} is documented (${text.slice(0, 300)})`);
  const type = (r.headers.get('content-type') ?? '').split(';')[0];
  const content = deref(response).content ?? {};
  assert.ok(content[type], `${method} ${url}: ${r.status} ${type} is documented`);
  let json;
  if (type === 'application/json') {
    json = JSON.parse(text);
    const pointer = response.$ref
      ? `${docId}#/components/responses/${response.$ref.split('/').pop()}/content/application~1json/schema`
      : `${docId}#/paths/${route.replaceAll('~', '~0').replaceAll('/', '~1')}/${method}/responses/${r.status}/content/application~1json/schema`;
    const validate = ajv.getSchema(pointer) ?? ajv.compile({ $ref: pointer });
    assert.ok(validate(json), `${method} ${url} ${r.status}: ${ajv.errorsText(validate.errors)}\n${text.slice(0, 600)}`);
  }
  return { status: r.status, json, headers: r.headers, text };
}

test('a running gateway answers as the document says', { skip: !gatewayd && 'BYTESPIKE_GATEWAYD is not set' }, async () => {
  const model = 'bytespike-simulator';
  const ask = { model, max_tokens: 16, messages: [{ role: 'user', content: 'Hello' }] };
  assert.equal((await call('get', '/healthz', '/healthz', { admin: false })).status, 200);
  assert.equal((await call('get', '/v1/models', '/v1/models', { key: demoKey })).status, 200);
  assert.equal((await call('get', '/v1/models', '/v1/models', { admin: false })).status, 401);
  assert.equal((await call('get', '/v1/pricing', '/v1/pricing', { admin: false })).status, 200);
  const message = await call('post', '/v1/messages', '/v1/messages', { key: demoKey, body: ask });
  assert.equal(message.status, 200);
  for (const h of ['request-id', 'bytespike-endpoint', 'bytespike-price-version', 'bytespike-rate-input',
    'bytespike-rate-output', 'bytespike-rate-cache-write', 'bytespike-rate-cache-read', 'bytespike-hold', 'bytespike-cost'])
    assert.ok(message.headers.get(h), `POST /v1/messages sends ${h}`);
  assert.equal((await call('post', '/v1/messages', '/v1/messages', { admin: false, body: ask })).status, 401);
  assert.equal((await call('post', '/v1/messages', '/v1/messages', { key: demoKey, body: { ...ask, model: 'no-such-model' } })).status, 404);
  assert.equal((await call('post', '/v1/messages', '/v1/messages', { key: demoKey, body: { model } })).status, 400);
  assert.equal((await call('post', '/v1/messages/count_tokens', '/v1/messages/count_tokens',
    { key: demoKey, body: { model, messages: ask.messages } })).status, 200);
  const chat = { model, max_tokens: 16, messages: [{ role: 'user', content: 'Hello' }] };
  assert.equal((await call('post', '/v1/chat/completions', '/v1/chat/completions', { key: demoKey, body: chat })).status, 200);
  assert.equal((await call('post', '/v1/chat/completions', '/v1/chat/completions', { admin: false, body: chat })).status, 401);
  assert.equal((await call('post', '/v1/chat/completions', '/v1/chat/completions', { key: demoKey, body: { ...chat, n: 2 } })).status, 400);

  const served = await fetch(baseURL + '/openapi.json');
  assert.equal(served.status, 200);
  assert.deepEqual(await served.json(), doc, 'GET /openapi.json serves docs/openapi.json');

  assert.equal((await call('get', '/metrics', '/metrics', { admin: false })).status, 401);
  assert.equal((await call('get', '/metrics', '/metrics')).status, 200);
  assert.equal((await call('get', '/admin/channels', '/admin/channels', { admin: false })).status, 401);
  assert.equal((await call('get', '/admin/channels', '/admin/channels')).status, 200);
  const prices = { input_micros_per_mtok: 1000000, output_micros_per_mtok: 2000000,
    cache_write_micros_per_mtok: 1250000, cache_read_micros_per_mtok: 100000 };
  const created = await call('post', '/admin/channels', '/admin/channels', { body: { id: 'sim-two', name: 'Second simulator',
    protocol: 'simulator', models: [{ model, ...prices, upstream_cost: prices }] } });
  assert.equal(created.status, 201);
  assert.equal((await call('post', '/admin/channels', '/admin/channels', { body: { name: 'x', protocol: 'simulator', models: [], colour: 1 } })).status, 400);
  assert.equal((await call('post', '/admin/channels', '/admin/channels', { body: { id: 'sim-two', name: 'again', protocol: 'simulator', models: [] } })).status, 409);
  const one = '/admin/channels/{channel_id}';
  const read = await call('get', one, '/admin/channels/sim-two');
  assert.equal(read.status, 200);
  assert.equal((await call('put', one, '/admin/channels/sim-two', { body: { ...read.json, name: 'Renamed' } })).status, 200);
  assert.equal((await call('put', one, '/admin/channels/sim-two', { body: { ...read.json, name: 'Stale' } })).status, 409);
  assert.equal((await call('get', one, '/admin/channels/no-such-channel')).status, 404);
  assert.equal((await call('post', '/admin/channels/{channel_id}/test', '/admin/channels/sim-two/test')).status, 200);
  assert.equal((await call('get', '/admin/pricing/history', '/admin/pricing/history?channel=sim-two')).status, 200);
  assert.equal((await call('get', '/admin/pricing/export', '/admin/pricing/export')).status, 200);
  assert.equal((await call('get', '/admin/pricing/export', '/admin/pricing/export?format=csv')).status, 200);
  assert.equal((await call('get', '/admin/pricing/export', '/admin/pricing/export?format=pdf')).status, 400);
  assert.equal((await call('get', '/admin/pricing/margins', '/admin/pricing/margins')).status, 200);
  assert.equal((await call('delete', one, '/admin/channels/sim-two')).status, 200);

  assert.equal((await call('get', '/admin/customers', '/admin/customers')).status, 200);
  const customer = await call('post', '/admin/customers', '/admin/customers', { body: { name: 'Acme' } });
  assert.equal(customer.status, 201);
  const id = customer.json.id;
  assert.equal((await call('post', '/admin/customers', '/admin/customers', { body: {} })).status, 400);
  const key = await call('post', '/admin/customers/{customer_id}/keys', `/admin/customers/${id}/keys`, { body: { name: 'ci' } });
  assert.equal(key.status, 201);
  assert.equal((await call('post', '/admin/customers/{customer_id}/credits', `/admin/customers/${id}/credits`,
    { body: { amount_micros: 1000000, memo: 'top-up' } })).status, 201);
  assert.equal((await call('post', '/admin/customers/{customer_id}/credits', `/admin/customers/${id}/credits`,
    { body: { amount_micros: -1 } })).status, 400);
  assert.equal((await call('post', '/v1/messages', '/v1/messages', { key: key.json.key, body: ask })).status, 200);
  assert.equal((await call('post', '/v1/messages', '/v1/messages', { key: key.json.key, body: { ...ask, max_tokens: 10000000 } })).status, 402);
  assert.equal((await call('post', '/v1/chat/completions', '/v1/chat/completions', { key: key.json.key, body: { ...chat, max_tokens: 10000000 } })).status, 402);
  assert.equal((await call('get', '/admin/customers/{customer_id}', `/admin/customers/${id}`)).status, 200);
  assert.equal((await call('get', '/admin/customers/{customer_id}', '/admin/customers/cus_nobody')).status, 404);
  const statement = '/admin/customers/{customer_id}/statement';
  assert.equal((await call('get', statement, `/admin/customers/${id}/statement`)).status, 200);
  assert.equal((await call('get', statement, `/admin/customers/${id}/statement?format=csv`)).status, 200);
  assert.equal((await call('get', statement, `/admin/customers/${id}/statement?from=yesterday`)).status, 400);
  assert.equal((await call('delete', '/admin/customers/{customer_id}/keys/{key_id}', `/admin/customers/${id}/keys/${key.json.id}`)).status, 200);
  assert.equal((await call('delete', '/admin/customers/{customer_id}/keys/{key_id}', `/admin/customers/${id}/keys/${key.json.id}`)).status, 404);
  assert.equal((await call('get', '/admin/customers/{customer_id}', `/admin/customers/${id}`)).status, 200);

  assert.equal((await call('get', '/admin/ledger/holds', '/admin/ledger/holds')).status, 200);
  assert.equal((await call('get', '/admin/ledger/holds', '/admin/ledger/holds?state=posted,voided')).status, 200);
  assert.equal((await call('get', '/admin/ledger/holds', '/admin/ledger/holds?state=lost')).status, 400);
  assert.equal((await call('get', '/admin/requests', '/admin/requests?limit=5')).status, 200);
  assert.equal((await call('get', '/admin/requests', '/admin/requests?format=csv')).status, 200);
  assert.equal((await call('get', '/admin/requests', '/admin/requests?limit=0')).status, 400);
  assert.equal((await call('get', '/admin/metrics', '/admin/metrics')).status, 200);
  assert.equal((await call('get', '/admin/audit', '/admin/audit')).status, 200);
  assert.equal((await call('get', '/admin/audit', '/admin/audit?limit=5000')).status, 400);
  assert.equal((await call('put', '/admin/secrets/{name}', '/admin/secrets/bad%20name', { body: { value: 'x' } })).status, 400);

  // Named operators: a viewer's token reads, is refused a change (403), and stops when revoked.
  const operators = '/admin/operators';
  const viewer = await call('post', operators, operators, { body: { name: 'reader', role: 'viewer' } });
  assert.equal(viewer.status, 201);
  assert.equal((await call('post', operators, operators, { body: { name: 'reader', role: 'boss' } })).status, 400);
  assert.equal((await call('get', operators, operators)).status, 200);
  assert.equal((await call('get', '/admin/customers', '/admin/customers', { token: viewer.json.token })).status, 200);
  assert.equal((await call('post', '/admin/customers', '/admin/customers', { token: viewer.json.token, body: { name: 'No' } })).status, 403);
  assert.equal((await call('get', operators, operators, { token: viewer.json.token })).status, 403);
  const revoke = '/admin/operators/{operator_id}';
  assert.equal((await call('delete', revoke, `/admin/operators/${viewer.json.id}`)).status, 200);
  assert.equal((await call('delete', revoke, `/admin/operators/${viewer.json.id}`)).status, 404);
  assert.equal((await call('get', '/admin/customers', '/admin/customers', { token: viewer.json.token })).status, 401);

  // The event stream: its first frame is a metrics snapshot.
  const controller = new AbortController();
  const events = await fetch(baseURL + '/admin/events', { headers: { authorization: `Bearer ${adminToken}` }, signal: controller.signal });
  assert.equal(events.status, 200);
  assert.equal(events.headers.get('content-type').split(';')[0], 'text/event-stream');
  const reader = events.body.getReader();
  let frame = '';
  while (!frame.includes('\n\n')) frame += new TextDecoder().decode((await reader.read()).value);
  controller.abort();
  const data = JSON.parse(/^data: (.*)$/m.exec(frame)[1]);
  const snapshot = ajv.compile({ $ref: `${docId}#/components/schemas/MetricsSnapshot` });
  assert.ok(snapshot(data), ajv.errorsText(snapshot.errors));
});
