// Preloaded into the Portkey gateway by tests/bench/compare.sh (node --require). Two shims, both
// needed to run Portkey 1.15.2 as a plain local proxy and neither touching its request handling:
//
// 1. Loopback only: start-server.js listens on every interface and has no option for the
//    address, so the process's listening TCP sockets are pinned to 127.0.0.1.
// 2. Streams: Portkey wraps a streamed upstream response as new Response(stream, upstream), and
//    @hono/node-server's Response then reuses the upstream's headers, which fetch() made
//    immutable; Portkey's next headers.append() throws "TypeError: immutable" and every stream
//    fails with 500 "Something went wrong" (Portkey-AI/gateway#1389, #1550). So a streamed
//    (text/event-stream) fetch() response is handed over with a mutable copy of its headers.
'use strict';
const net = require('node:net');

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const cb = args.find((a) => typeof a === 'function');
  if (typeof args[0] === 'number' || (typeof args[0] === 'string' && /^\d+$/.test(args[0])))
    return listen.call(this, { port: Number(args[0]), host: '127.0.0.1' }, cb);
  if (args[0] && typeof args[0] === 'object' && args[0].port !== undefined)
    return listen.call(this, { ...args[0], host: '127.0.0.1' }, cb);
  return listen.apply(this, args);
};

const fetch = globalThis.fetch;
const UndiciResponse = globalThis.Response; // before @hono/node-server replaces the global
globalThis.fetch = async function (...args) {
  const res = await fetch.apply(this, args);
  if (!(res.headers.get('content-type') || '').startsWith('text/event-stream')) return res;
  return new UndiciResponse(res.body, { status: res.status, statusText: res.statusText, headers: new Headers(res.headers) });
};
