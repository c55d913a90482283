// Starts the mock upstream and a fresh bytespike-gatewayd for a conformance suite, and wires a
// channel to the mock through the admin API. Everything runs on loopback. With
// BYTESPIKE_TEST_MOCK_TLS=1 (the *_tls tests) the mock serves https:// with a certificate from a
// CA made for the run (tests/bench/tls-upstream.sh), which every channel names in its ca_file.
import { spawn, spawnSync } from 'node:child_process';
import https from 'node:https';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';

const here = path.dirname(fileURLToPath(import.meta.url));

function waitForLine(child, pattern, what, timeoutMs = 20000) {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start:\n${err}`)), timeoutMs);
    child.stderr?.on('data', (d) => { err += d; });
    child.stdout.on('data', (d) => {
      out += d;
      const m = pattern.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`${what} exited with ${code}:\n${err}`)); });
  });
}

// A CA and a localhost certificate in dir, made with the benchmark's own helper.
function makeCertificates(dir) {
  const made = spawnSync('bash', ['-c', 'source "$0" && tls_make_ca "$1"', path.join(here, '../bench/tls-upstream.sh'), dir],
    { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`cannot make the test CA: ${made.stderr}`);
  return { ca: path.join(dir, 'ca.pem'), cert: path.join(dir, 'server.pem'), key: path.join(dir, 'server.key') };
}

// The mock's control routes, over https trusting the run's CA when the mock serves TLS.
function controlRequest(url, method, ca) {
  if (!ca) return fetch(url, { method }).then((r) => r.json());
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, ca: readFileSync(ca) }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => { try { resolve(JSON.parse(body)); } catch (e) { reject(e); } });
    });
    req.on('error', reject);
    req.end();
  });
}

export async function startStack() {
  const gatewayd = process.env.BYTESPIKE_GATEWAYD;
  if (!gatewayd) throw new Error('set BYTESPIKE_GATEWAYD to the bytespike-gatewayd binary');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bytespike-conformance-'));
  const tlsDir = process.env.BYTESPIKE_TEST_MOCK_TLS === '1' ? mkdtempSync(path.join(tmpdir(), 'bytespike-tls-')) : null;
  const tls = tlsDir ? makeCertificates(tlsDir) : null;
  const mock = spawn(process.execPath, [path.join(here, '../fixtures/mock-upstream/server.js'), '--port', '0',
    ...(tls ? ['--tls-cert', tls.cert, '--tls-key', tls.key] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
  const mockURL = (await waitForLine(mock, /listening on (https?:\/\/\S+)/, 'mock upstream'))
    .replace('127.0.0.1', 'localhost');
  const adminToken = 'conformance-' + randomBytes(16).toString('hex');
  const gateway = spawn(gatewayd, ['--data-dir', dataDir, '--listen', '127.0.0.1:0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, BYTESPIKE_ADMIN_TOKEN: adminToken, MOCK_UPSTREAM_KEY: 'sk-mock-secret',
      BYTESPIKE_SIMULATOR_LATENCY_SCALE: '0' },
  });
  const baseURL = await waitForLine(gateway, /listening on (http:\/\/\S+)/, 'bytespike-gatewayd');
  const demoKey = readFileSync(path.join(dataDir, 'demo-key'), 'utf8').trim();
  const prices = { input_micros_per_mtok: 3000000, output_micros_per_mtok: 15000000,
    cache_write_micros_per_mtok: 3750000, cache_read_micros_per_mtok: 300000 };

  async function admin(method, p, body) {
    const r = await fetch(baseURL + p, {
      method, headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await r.json();
    if (r.status >= 300) throw new Error(`${method} ${p}: ${r.status} ${JSON.stringify(json)}`);
    return json;
  }
  async function addChannel(name, protocol, models, options) {
    return admin('POST', '/admin/channels', { name, protocol, base_url: protocol === 'openai' ? `${mockURL}/v1` : mockURL,
      secret_ref: 'env:MOCK_UPSTREAM_KEY', enabled: true, priority: 0, weight: 1, ...(options ? { options } : {}),
      ...(tls ? { ca_file: tls.ca } : {}),
      models: models.map(([model, upstream_model]) => ({ model, upstream_model, ...prices })) });
  }
  await addChannel('mock-anthropic', 'anthropic', [['claude-mock', 'mock-model'],
    ['claude-overloaded', 'mock-model+fault=status:529'], ['claude-ratelimited', 'mock-model+fault=status:429'],
    ['claude-drops', 'mock-model+fault=drop_after:4']]);
  await addChannel('mock-openai', 'openai', [['gpt-mock', 'mock-model'],
    ['gpt-stalls-after-finish', 'mock-model+fault=idle_after:3'], ['gpt-drops', 'mock-model+fault=drop_after:3']],
  { reasoning: true });

  const stop = () => {
    gateway.kill('SIGTERM');
    mock.kill('SIGTERM');
    for (const dir of [dataDir, tlsDir].filter(Boolean)) {
      try { rmSync(dir, { recursive: true, force: true }); } catch { /* best effort */ }
    }
  };
  process.once('exit', () => { gateway.kill('SIGKILL'); mock.kill('SIGKILL'); });
  const mockRequests = async () => (await controlRequest(`${mockURL}/_mock/requests`, 'GET', tls?.ca)).requests;
  const clearMock = () => controlRequest(`${mockURL}/_mock/requests`, 'DELETE', tls?.ca);
  return { baseURL, demoKey, adminToken, mockURL, dataDir, admin, addChannel, mockRequests, clearMock, stop };
}
