#!/usr/bin/env node
// Probes for tests/bench/compare.sh that wrk cannot make:
//   probe.mjs free-port
//     prints a free loopback TCP port (for servers that cannot listen on port 0 and report it).
//   probe.mjs ttfb URL KEY MODEL COUNT [HEADERS]
//     COUNT sequential streaming POSTs to URL on one keep-alive connection; prints "p50_us p99_us"
//     of the time from sending the request to the first byte of the body. URL is the endpoint:
//     .../v1/messages (an Anthropic client: x-api-key) or .../v1/chat/completions (an OpenAI
//     client: Authorization: Bearer, stream_options.include_usage); a bare origin means
//     ORIGIN/v1/messages. https URLs are trusted as node trusts them (NODE_EXTRA_CA_CERTS).
//   probe.mjs idle-streams URL KEY MODEL COUNT PID
//     reads VmRSS of PID, opens COUNT streaming requests whose upstream stream stays open and
//     silent, waits until every one has received its first body bytes, reads VmRSS again,
//     closes them all and reads it once more; prints "before_kib open_kib after_kib opened".
// HEADERS is "name: value" lines, as post.lua's BENCH_HEADERS.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { readFileSync } from 'node:fs';

const [cmd, ...args] = process.argv.slice(2);

const isOpenAI = (url) => /\/chat\/completions$/.test(url);
const endpointOf = (base) => (/\/v1\//.test(base) ? base : `${base}/v1/messages`);

function headersOf(key, extra, openai) {
  const h = openai
    ? { 'content-type': 'application/json', authorization: `Bearer ${key}` }
    : { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': key };
  for (const line of (extra || '').split('\n')) {
    const m = /^\s*([^:]+):\s*(.*?)\s*$/.exec(line);
    if (m) h[m[1].toLowerCase()] = m[2];
  }
  return h;
}
const bodyOf = (model, openai) =>
  JSON.stringify({ model, max_tokens: 16, stream: true, ...(openai ? { stream_options: { include_usage: true } } : {}),
    messages: [{ role: 'user', content: 'benchmark' }] });
const rssKib = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];

// Sends one request; resolves with {ttfb_ns, status} once the whole body has arrived (or, with
// keepOpen, as soon as the first body bytes have, leaving the response open as {res, req}).
function post(url, agent, headers, body, keepOpen) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    let first = 0n;
    const req = (url.startsWith('https:') ? https : http).request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.on('data', () => {
        if (first) return;
        first = process.hrtime.bigint();
        if (keepOpen) resolve({ status: res.statusCode, req, res });
      });
      res.on('end', () => resolve({ status: res.statusCode, ttfb_ns: (first || process.hrtime.bigint()) - t0 }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function ttfb([base, key, model, count, extra]) {
  const url = endpointOf(base);
  const openai = isOpenAI(url);
  const agent = new (url.startsWith('https:') ? https : http).Agent({ keepAlive: true, maxSockets: 1 });
  const headers = headersOf(key, extra, openai);
  const body = bodyOf(model, openai);
  const samples = [];
  for (let i = 0; i < Number(count); ++i) {
    const r = await post(url, agent, headers, body, false);
    if (r.status !== 200) throw new Error(`ttfb: HTTP ${r.status} from ${url}`);
    samples.push(Number(r.ttfb_ns) / 1000);
  }
  agent.destroy();
  samples.sort((a, b) => a - b);
  console.log(`${percentile(samples, 50).toFixed(0)} ${percentile(samples, 99).toFixed(0)}`);
}

async function idleStreams([base, key, model, count, pid]) {
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  const url = `${base}/v1/messages`;
  const headers = headersOf(key, '', false);
  const body = bodyOf(model, false);
  const before = rssKib(pid);
  const open = [];
  // Opened in batches so the listener's backlog is not the thing being measured.
  for (let i = 0; i < Number(count); i += 100) {
    const batch = [];
    for (let j = i; j < Math.min(Number(count), i + 100); ++j) batch.push(post(url, agent, headers, body, true));
    for (const r of await Promise.all(batch)) {
      if (r.status !== 200 || !r.res) throw new Error(`idle-streams: HTTP ${r.status}, or the stream ended`);
      open.push(r);
    }
  }
  await new Promise((r) => setTimeout(r, 500)); // let the gateway settle its buffers
  const during = rssKib(pid);
  for (const { req } of open) req.destroy();
  await new Promise((r) => setTimeout(r, 1500));
  const after = rssKib(pid);
  console.log(`${before} ${during} ${after} ${open.length}`);
}

function freePort() {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    console.log(s.address().port);
    s.close();
  });
}

// A probe that hangs (a stream that never starts) fails instead of stalling the benchmark.
setTimeout(() => {
  console.error(`probe ${cmd}: timed out after 120 s`);
  process.exit(1);
}, 120000).unref();

const commands = { ttfb, 'idle-streams': idleStreams, 'free-port': freePort };
if (!commands[cmd]) {
  console.error('usage: probe.mjs free-port | ttfb URL KEY MODEL COUNT [HEADERS] | idle-streams URL KEY MODEL COUNT PID');
  process.exit(2);
}
Promise.resolve(commands[cmd](args)).catch((e) => {
  console.error(e.message);
  process.exit(1);
});
