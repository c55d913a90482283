// The official @anthropic-ai/sdk as a real client against bytespike-gatewayd.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { startStack } from './harness.mjs';

let stack;
let client;
const weatherTool = {
  name: 'get_weather',
  description: 'Current weather for a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

before(async () => {
  stack = await startStack();
  client = new Anthropic({ apiKey: stack.demoKey, baseURL: stack.baseURL, maxRetries: 0 });
});
after(() => stack?.stop());

test('messages.create returns a Message with usage and a request id', async () => {
  const { data: message, response } = await client.messages
    .create({ model: 'claude-mock', max_tokens: 64, messages: [{ role: 'user', content: 'Hello there' }] })
    .withResponse();
  assert.equal(message.type, 'message');
  assert.equal(message.role, 'assistant');
  assert.ok(message.content[0].text.length > 0);
  assert.equal(message.stop_reason, 'end_turn');
  assert.ok(message.usage.input_tokens > 0 && message.usage.output_tokens > 0);
  assert.match(response.headers.get('request-id'), /^req_/);
  assert.match(message._request_id ?? response.headers.get('request-id'), /^req_/);
});

test('the upstream sees the channel model and secret, forwarded headers and unknown fields, never the customer key', async () => {
  await stack.clearMock();
  await client.messages.create(
    { model: 'claude-mock', max_tokens: 16, messages: [{ role: 'user', content: 'pass through' }],
      extra_field_for_passthrough: { a: [1, 2] } },
    { headers: { 'anthropic-beta': 'prompt-caching-2024-07-31', 'anthropic-version': '2023-06-01' } });
  const [seen] = await stack.mockRequests();
  const body = JSON.parse(seen.body);
  assert.equal(body.model, 'mock-model');
  assert.deepEqual(body.extra_field_for_passthrough, { a: [1, 2] });
  assert.equal(seen.headers['x-api-key'], 'sk-mock-secret');
  assert.equal(seen.headers['anthropic-version'], '2023-06-01');
  assert.equal(seen.headers['anthropic-beta'], 'prompt-caching-2024-07-31');
  assert.ok(!JSON.stringify(seen).includes(stack.demoKey));
});

test('messages.stream delivers text in several deltas and a final message', async () => {
  const stream = client.messages.stream({ model: 'claude-mock', max_tokens: 64, messages: [{ role: 'user', content: 'stream please' }] });
  const deltas = [];
  stream.on('text', (t) => deltas.push(t));
  const final = await stream.finalMessage();
  assert.ok(deltas.length > 1, `got ${deltas.length} deltas`);
  assert.equal(final.content[0].text, deltas.join(''));
  assert.equal(final.stop_reason, 'end_turn');
  assert.ok(final.usage.output_tokens > 0);
});

test('messages.stream with tools yields a tool_use block with an object input', async () => {
  const final = await client.messages
    .stream({ model: 'claude-mock', max_tokens: 64, tools: [weatherTool], messages: [{ role: 'user', content: 'Weather in Oslo?' }] })
    .finalMessage();
  assert.equal(final.stop_reason, 'tool_use');
  const tool = final.content.find((b) => b.type === 'tool_use');
  assert.equal(tool.name, 'get_weather');
  assert.equal(typeof tool.input, 'object');
  assert.equal(typeof tool.input.city, 'string');
  assert.match(tool.id, /^toolu_/);
});

test('messages.countTokens is answered', async () => {
  const count = await client.messages.countTokens({ model: 'claude-mock', messages: [{ role: 'user', content: 'count me' }] });
  assert.ok(count.input_tokens > 0);
});

test('models.list includes the routable models', async () => {
  const ids = [];
  for await (const model of client.models.list()) {
    assert.equal(model.type, 'model');
    ids.push(model.id);
  }
  assert.ok(ids.includes('claude-mock'));
  assert.ok(ids.includes('bytespike-simulator'));
});

function assertEnvelope(err, status, type) {
  assert.equal(err.status, status);
  assert.equal(err.error.type, 'error');
  assert.equal(err.error.error.type, type);
  assert.ok(err.error.error.message.length > 0);
}

test('401 raises AuthenticationError', async () => {
  const bad = new Anthropic({ apiKey: 'bsk-not-a-key', baseURL: stack.baseURL, maxRetries: 0 });
  await assert.rejects(bad.messages.create({ model: 'claude-mock', max_tokens: 8, messages: [{ role: 'user', content: 'x' }] }),
    (err) => { assert.ok(err instanceof Anthropic.AuthenticationError); assertEnvelope(err, 401, 'authentication_error'); return true; });
});

test('404 raises NotFoundError for an unknown model', async () => {
  await assert.rejects(client.messages.create({ model: 'no-such-model', max_tokens: 8, messages: [{ role: 'user', content: 'x' }] }),
    (err) => { assert.ok(err instanceof Anthropic.NotFoundError); assertEnvelope(err, 404, 'not_found_error'); return true; });
});

test('413 for a body over 32 MiB', async () => {
  const huge = 'a'.repeat(33 * 1024 * 1024);
  await assert.rejects(client.messages.create({ model: 'claude-mock', max_tokens: 8, messages: [{ role: 'user', content: huge }] }),
    (err) => { assert.ok(err instanceof Anthropic.APIError); assertEnvelope(err, 413, 'request_too_large'); return true; });
});

test('529 raises InternalServerError with overloaded_error', async () => {
  await assert.rejects(client.messages.create({ model: 'claude-overloaded', max_tokens: 8, messages: [{ role: 'user', content: 'x' }] }),
    (err) => { assert.ok(err instanceof Anthropic.InternalServerError); assertEnvelope(err, 529, 'overloaded_error'); return true; });
});

test('402 raises an APIError with billing_error when the balance is short', async () => {
  const customer = await stack.admin('POST', '/admin/customers', { name: 'broke' });
  const { key } = await stack.admin('POST', `/admin/customers/${customer.id}/keys`, { name: 'k' });
  const broke = new Anthropic({ apiKey: key, baseURL: stack.baseURL, maxRetries: 0 });
  await assert.rejects(broke.messages.create({ model: 'claude-mock', max_tokens: 8, messages: [{ role: 'user', content: 'x' }] }),
    (err) => { assert.ok(err instanceof Anthropic.APIError); assertEnvelope(err, 402, 'billing_error'); return true; });
});

test('the built-in simulator answers create and stream', async () => {
  const message = await client.messages.create({ model: 'bytespike-simulator', max_tokens: 32, messages: [{ role: 'user', content: 'hi' }] });
  assert.match(message.content[0].text, /^\[simulator\]/);
  const final = await client.messages.stream({ model: 'bytespike-simulator', max_tokens: 32, messages: [{ role: 'user', content: 'hi' }] }).finalMessage();
  assert.match(final.content[0].text, /^\[simulator\]/);
});

test('through an openai channel: create, stream and tool_use', async () => {
  await stack.clearMock();
  const message = await client.messages.create({ model: 'gpt-mock', max_tokens: 64, system: 'Be brief.',
    messages: [{ role: 'user', content: 'Hello via OpenAI' }] });
  assert.equal(message.type, 'message');
  assert.ok(message.content[0].text.length > 0);
  assert.equal(message.stop_reason, 'end_turn');
  assert.ok(message.usage.input_tokens > 0 && message.usage.output_tokens > 0);
  const [seen] = await stack.mockRequests();
  assert.equal(seen.path, '/v1/chat/completions');
  assert.equal(seen.headers.authorization, 'Bearer sk-mock-secret');
  const sent = JSON.parse(seen.body);
  assert.equal(sent.model, 'mock-model');
  assert.deepEqual(sent.messages[0], { role: 'system', content: 'Be brief.' });

  const deltas = [];
  const stream = client.messages.stream({ model: 'gpt-mock', max_tokens: 64, messages: [{ role: 'user', content: 'stream via OpenAI' }] });
  stream.on('text', (t) => deltas.push(t));
  const final = await stream.finalMessage();
  assert.ok(deltas.length > 1);
  assert.equal(final.content[0].text, deltas.join(''));
  assert.ok(final.usage.output_tokens > 0);

  const withTool = await client.messages.stream({ model: 'gpt-mock', max_tokens: 64, tools: [weatherTool],
    messages: [{ role: 'user', content: 'Weather in Oslo?' }] }).finalMessage();
  assert.equal(withTool.stop_reason, 'tool_use');
  const tool = withTool.content.find((b) => b.type === 'tool_use');
  assert.equal(tool.name, 'get_weather');
  assert.equal(typeof tool.input.city, 'string');
});

test('an openai channel that never sends its usage chunk is finished after a short grace', async () => {
  const started = Date.now();
  // max_tokens 3: one content chunk, then the finish chunk, then silence where usage should be.
  const final = await client.messages.stream({ model: 'gpt-stalls-after-finish', max_tokens: 3,
    messages: [{ role: 'user', content: 'x' }] }).finalMessage();
  const elapsed = Date.now() - started;
  assert.equal(final.stop_reason, 'max_tokens');
  assert.ok(elapsed < 10000, `took ${elapsed} ms`);
  let log;
  for (let i = 0; i < 50 && !(log?.billed); ++i) {
    const r = await fetch(`${stack.baseURL}/admin/requests?limit=1`, { headers: { authorization: `Bearer ${stack.adminToken}` } });
    log = (await r.json()).requests[0];
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal(log.billed, true);
  assert.equal(log.usage.estimated, true);
});
