// Key limits as the official SDKs see them: a rate limit is each SDK's RateLimitError with a
// retry-after it can read, and the SDK's own retry honours it; an allow-list refusal is a
// PermissionDeniedError, an expired key an AuthenticationError, an exhausted budget a 402.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { startStack } from './harness.mjs';

let stack;
let customer;

before(async () => {
  stack = await startStack();
  customer = await stack.admin('POST', '/admin/customers', { name: 'limited' });
  await stack.admin('POST', `/admin/customers/${customer.id}/credits`, { amount_micros: 10000000 });
});
after(() => stack?.stop());

async function keyWith(settings) {
  const { key } = await stack.admin('POST', `/admin/customers/${customer.id}/keys`, { name: 'k', ...settings });
  return key;
}

const ask = { model: 'claude-mock', max_tokens: 16, messages: [{ role: 'user', content: 'hello' }] };
const chat = { model: 'claude-mock', max_tokens: 16, messages: [{ role: 'user', content: 'hello' }] };

function retryAfter(err) {
  const headers = err.headers;
  const value = typeof headers?.get === 'function' ? headers.get('retry-after') : headers?.['retry-after'];
  return Number(value);
}

test('Anthropic SDK: the second request of an rpm=1 key is a RateLimitError with retry-after', async () => {
  const client = new Anthropic({ apiKey: await keyWith({ rpm: 1 }), baseURL: stack.baseURL, maxRetries: 0 });
  const { response } = await client.messages.create(ask).withResponse();
  assert.equal(response.headers.get('anthropic-ratelimit-requests-limit'), '1');
  assert.equal(response.headers.get('anthropic-ratelimit-requests-remaining'), '0');
  assert.match(response.headers.get('anthropic-ratelimit-requests-reset'), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  await assert.rejects(client.messages.create(ask), (err) => {
    assert.ok(err instanceof Anthropic.RateLimitError, String(err));
    assert.equal(err.status, 429);
    assert.equal(err.error?.error?.type, 'rate_limit_error');
    const seconds = retryAfter(err);
    assert.ok(seconds >= 1 && seconds <= 60, `retry-after ${seconds}`);
    return true;
  });
});

test('OpenAI SDK: the second request of an rpm=1 key is a RateLimitError with retry-after', async () => {
  const client = new OpenAI({ apiKey: await keyWith({ rpm: 1 }), baseURL: `${stack.baseURL}/v1`, maxRetries: 0 });
  const { response } = await client.chat.completions.create(chat).withResponse();
  assert.equal(response.headers.get('x-ratelimit-limit-requests'), '1');
  assert.equal(response.headers.get('x-ratelimit-remaining-requests'), '0');
  assert.match(response.headers.get('x-ratelimit-reset-requests'), /^\d+s$/);
  await assert.rejects(client.chat.completions.create(chat), (err) => {
    assert.ok(err instanceof OpenAI.RateLimitError, String(err));
    assert.equal(err.status, 429);
    assert.equal(err.code, 'rate_limit_exceeded');
    const seconds = retryAfter(err);
    assert.ok(seconds >= 1 && seconds <= 60, `retry-after ${seconds}`);
    return true;
  });
});

test('the SDK retries a concurrency refusal after retry-after and succeeds', async () => {
  // max_concurrent=1: a slow request holds the one slot; the second is refused with
  // retry-after: 1, and the SDK's own retry (after that second) gets in once the first is done.
  const key = await keyWith({ max_concurrent: 1 });
  const slow = new Anthropic({ apiKey: key, baseURL: stack.baseURL, maxRetries: 0 });
  const retrying = new Anthropic({ apiKey: key, baseURL: stack.baseURL, maxRetries: 3 });
  const first = slow.messages.create({ ...ask, mock: { fault: 'delay:600' } });
  await new Promise((resolve) => setTimeout(resolve, 150));
  const started = Date.now();
  const second = await retrying.messages.create(ask);
  assert.equal(second.type, 'message');
  assert.ok(Date.now() - started >= 900, 'the retry waited for retry-after');
  assert.equal((await first).type, 'message');
});

test('a model outside the allow-list is PermissionDeniedError in both SDKs', async () => {
  const key = await keyWith({ models: ['gpt-mock'] });
  const anthropic = new Anthropic({ apiKey: key, baseURL: stack.baseURL, maxRetries: 0 });
  await assert.rejects(anthropic.messages.create(ask), (err) => {
    assert.ok(err instanceof Anthropic.PermissionDeniedError, String(err));
    assert.equal(err.error?.error?.type, 'permission_error');
    return true;
  });
  const openai = new OpenAI({ apiKey: key, baseURL: `${stack.baseURL}/v1`, maxRetries: 0 });
  await assert.rejects(openai.chat.completions.create(chat), (err) => {
    assert.ok(err instanceof OpenAI.PermissionDeniedError, String(err));
    assert.equal(err.code, 'model_not_allowed');
    return true;
  });
  const models = await anthropic.models.list();
  assert.deepEqual(models.data.map((m) => m.id), ['gpt-mock']);
  const listed = [];
  for await (const m of openai.models.list()) listed.push(m.id);
  assert.deepEqual(listed, ['gpt-mock']);
});

test('an expired key is AuthenticationError "key expired" in both SDKs', async () => {
  const key = await keyWith({ expires_at: '2020-01-01T00:00:00Z' });
  const anthropic = new Anthropic({ apiKey: key, baseURL: stack.baseURL, maxRetries: 0 });
  await assert.rejects(anthropic.messages.create(ask), (err) => {
    assert.ok(err instanceof Anthropic.AuthenticationError, String(err));
    assert.match(err.message, /key expired/);
    return true;
  });
  const openai = new OpenAI({ apiKey: key, baseURL: `${stack.baseURL}/v1`, maxRetries: 0 });
  await assert.rejects(openai.chat.completions.create(chat), (err) => {
    assert.ok(err instanceof OpenAI.AuthenticationError, String(err));
    assert.equal(err.code, 'invalid_api_key');
    return true;
  });
});

test('an exhausted key budget is a 402 billing_error / insufficient_quota', async () => {
  const key = await keyWith({ budget_micros: 1, budget_period: 'day' });
  const anthropic = new Anthropic({ apiKey: key, baseURL: stack.baseURL, maxRetries: 0 });
  await assert.rejects(anthropic.messages.create(ask), (err) => {
    assert.equal(err.status, 402);
    assert.equal(err.error?.error?.type, 'billing_error');
    assert.match(err.message, /budget/);
    return true;
  });
  const openai = new OpenAI({ apiKey: key, baseURL: `${stack.baseURL}/v1`, maxRetries: 0 });
  await assert.rejects(openai.chat.completions.create(chat), (err) => {
    assert.equal(err.status, 402);
    assert.equal(err.code, 'insufficient_quota');
    return true;
  });
});
