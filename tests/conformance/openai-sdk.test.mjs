// The official `openai` SDK as a real client of the Chat Completions shim: OpenAI requests are
// translated to the canonical Anthropic request, routed and billed, and answered in OpenAI shape.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startStack } from './harness.mjs';

let stack;
let client;
const weatherTool = {
  type: 'function',
  function: { name: 'get_weather', description: 'Current weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};

before(async () => {
  stack = await startStack();
  client = new OpenAI({ apiKey: stack.demoKey, baseURL: `${stack.baseURL}/v1`, maxRetries: 0 });
});
after(() => stack?.stop());

test('chat.completions.create answers with one choice and usage', async () => {
  const completion = await client.chat.completions.create({
    model: 'claude-mock', max_tokens: 32,
    messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello there' }],
  });
  assert.equal(completion.object, 'chat.completion');
  assert.equal(completion.choices.length, 1);
  assert.equal(completion.choices[0].message.role, 'assistant');
  assert.ok(completion.choices[0].message.content.length > 0);
  assert.equal(completion.choices[0].finish_reason, 'stop');
  assert.ok(completion.usage.prompt_tokens > 0 && completion.usage.completion_tokens > 0);
  assert.equal(completion.usage.total_tokens, completion.usage.prompt_tokens + completion.usage.completion_tokens);
});

test('the upstream receives a canonical Anthropic request', async () => {
  await stack.clearMock();
  await client.chat.completions.create({
    model: 'claude-mock', max_completion_tokens: 20, stop: ['zzz'],
    messages: [{ role: 'system', content: 'sys one' }, { role: 'developer', content: 'sys two' }, { role: 'user', content: 'hi' }],
  });
  const [seen] = await stack.mockRequests();
  const body = JSON.parse(seen.body);
  assert.equal(seen.path, '/v1/messages');
  assert.equal(body.model, 'mock-model');
  assert.equal(body.max_tokens, 20);
  assert.equal(body.system, 'sys one\nsys two');
  assert.deepEqual(body.stop_sequences, ['zzz']);
  assert.equal(body.messages[0].role, 'user');
});

test('streaming yields content chunks, the usage chunk and ends', async () => {
  const stream = await client.chat.completions.create({
    model: 'claude-mock', max_tokens: 32, stream: true, stream_options: { include_usage: true },
    messages: [{ role: 'user', content: 'stream please' }],
  });
  let text = '';
  let finish = null;
  let usage = null;
  for await (const chunk of stream) {
    if (chunk.choices.length > 0) {
      text += chunk.choices[0].delta.content ?? '';
      finish = chunk.choices[0].finish_reason ?? finish;
    }
    if (chunk.usage) usage = chunk.usage;
  }
  assert.ok(text.length > 0);
  assert.equal(finish, 'stop');
  assert.ok(usage.prompt_tokens > 0 && usage.completion_tokens > 0);
});

test('a tool call round trip', async () => {
  const first = await client.chat.completions.create({
    model: 'claude-mock', max_tokens: 64, tools: [weatherTool],
    messages: [{ role: 'user', content: 'Weather in Oslo?' }],
  });
  assert.equal(first.choices[0].finish_reason, 'tool_calls');
  const call = first.choices[0].message.tool_calls[0];
  assert.equal(call.type, 'function');
  assert.equal(call.function.name, 'get_weather');
  assert.equal(typeof JSON.parse(call.function.arguments).city, 'string');
  await stack.clearMock();
  const second = await client.chat.completions.create({
    model: 'claude-mock', max_tokens: 64, tools: [weatherTool],
    messages: [{ role: 'user', content: 'Weather in Oslo?' }, first.choices[0].message,
      { role: 'tool', tool_call_id: call.id, content: '12 degrees, rain' }],
  });
  assert.equal(second.choices[0].message.role, 'assistant');
  const [seen] = await stack.mockRequests();
  const messages = JSON.parse(seen.body).messages;
  const toolUse = messages[1].content.find((b) => b.type === 'tool_use');
  const toolResult = messages[2].content.find((b) => b.type === 'tool_result');
  assert.equal(toolResult.tool_use_id, toolUse.id);
  assert.equal(toolResult.content, '12 degrees, rain');
});

test('streamed tool calls arrive with index, id and arguments', async () => {
  const stream = await client.chat.completions.create({
    model: 'claude-mock', max_tokens: 64, stream: true, tools: [weatherTool],
    messages: [{ role: 'user', content: 'Weather?' }],
  });
  let args = '';
  let id = null;
  let finish = null;
  for await (const chunk of stream) {
    for (const tc of chunk.choices[0]?.delta?.tool_calls ?? []) {
      assert.equal(tc.index, 0);
      id = tc.id ?? id;
      args += tc.function?.arguments ?? '';
    }
    finish = chunk.choices[0]?.finish_reason ?? finish;
  }
  assert.match(id, /^toolu_/);
  assert.equal(typeof JSON.parse(args).city, 'string');
  assert.equal(finish, 'tool_calls');
});

test('models.list works', async () => {
  const ids = [];
  for await (const model of client.models.list()) ids.push(model.id);
  assert.ok(ids.includes('claude-mock'));
});

function assertOpenAIError(err, status, code) {
  assert.equal(err.status, status);
  assert.ok(err.error?.message?.length > 0 || err.message.length > 0);
  if (code !== undefined) assert.equal(err.code, code);
}

test('401 raises AuthenticationError', async () => {
  const bad = new OpenAI({ apiKey: 'bsk-wrong', baseURL: `${stack.baseURL}/v1`, maxRetries: 0 });
  await assert.rejects(bad.chat.completions.create({ model: 'claude-mock', messages: [{ role: 'user', content: 'x' }] }),
    (err) => { assert.ok(err instanceof OpenAI.AuthenticationError); assertOpenAIError(err, 401, 'invalid_api_key'); return true; });
});

test('402 uses the OpenAI envelope with insufficient_quota', async () => {
  const customer = await stack.admin('POST', '/admin/customers', { name: 'broke' });
  const { key } = await stack.admin('POST', `/admin/customers/${customer.id}/keys`, { name: 'k' });
  const broke = new OpenAI({ apiKey: key, baseURL: `${stack.baseURL}/v1`, maxRetries: 0 });
  await assert.rejects(broke.chat.completions.create({ model: 'claude-mock', messages: [{ role: 'user', content: 'x' }] }),
    (err) => { assert.ok(err instanceof OpenAI.APIError); assertOpenAIError(err, 402, 'insufficient_quota'); assert.equal(err.type, 'insufficient_quota'); return true; });
});

test('404 raises NotFoundError for an unknown model', async () => {
  await assert.rejects(client.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] }),
    (err) => { assert.ok(err instanceof OpenAI.NotFoundError); assertOpenAIError(err, 404, 'model_not_found'); return true; });
});

test('429 raises RateLimitError', async () => {
  await assert.rejects(client.chat.completions.create({ model: 'claude-ratelimited', messages: [{ role: 'user', content: 'x' }] }),
    (err) => { assert.ok(err instanceof OpenAI.RateLimitError); assertOpenAIError(err, 429, 'rate_limit_exceeded'); return true; });
});

test('n > 1 is a 400 naming the parameter', async () => {
  await assert.rejects(client.chat.completions.create({ model: 'claude-mock', n: 2, messages: [{ role: 'user', content: 'x' }] }),
    (err) => { assert.ok(err instanceof OpenAI.BadRequestError); assert.match(err.message, /\bn\b/); return true; });
});

test('an OpenAI client through an openai channel, stream and not', async () => {
  const completion = await client.chat.completions.create({ model: 'gpt-mock', max_tokens: 32, messages: [{ role: 'user', content: 'hi' }] });
  assert.ok(completion.choices[0].message.content.length > 0);
  assert.ok(completion.usage.prompt_tokens > 0);
  const stream = await client.chat.completions.create({ model: 'gpt-mock', max_tokens: 32, stream: true, stream_options: { include_usage: true },
    messages: [{ role: 'user', content: 'hi' }] });
  let text = '';
  let usage = null;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta?.content ?? '';
    usage = chunk.usage ?? usage;
  }
  assert.ok(text.length > 0);
  assert.ok(usage.completion_tokens > 0);
});
