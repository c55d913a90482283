// Issue 4, item 3: every client protocol x channel protocol x stream mode, over the features
// both wire formats share, with the bill checked for each: the request log says billed and the
// cost equals the usage the client saw at the channel's prices.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { startStack } from './harness.mjs';

let stack;
let anthropic;
let openai;
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

before(async () => {
  stack = await startStack();
  anthropic = new Anthropic({ apiKey: stack.demoKey, baseURL: stack.baseURL, maxRetries: 0 });
  openai = new OpenAI({ apiKey: stack.demoKey, baseURL: `${stack.baseURL}/v1`, maxRetries: 0 });
});
after(() => stack?.stop());

// OpenAI refuses function names over 64 characters (the mock too); the gateway shortens them
// on the way to an openai channel and restores them in the answer (docs/protocols.md#edge-cases, case 31).
const LONG_TOOL = 'fetch_the_current_weather_report_for_a_given_city_and_country_code_now';

// The same conversation in both shapes.
const features = {
  'system and text': {
    a: { system: 'Be brief.', messages: [{ role: 'user', content: 'Hello' }] },
    o: { messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello' }] },
  },
  'multi-turn': {
    a: { messages: [{ role: 'user', content: 'one' }, { role: 'assistant', content: 'two' }, { role: 'user', content: 'three' }] },
    o: { messages: [{ role: 'user', content: 'one' }, { role: 'assistant', content: 'two' }, { role: 'user', content: 'three' }] },
  },
  'image base64': {
    a: { messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } }, { type: 'text', text: 'what?' }] }] },
    o: { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } }, { type: 'text', text: 'what?' }] }] },
  },
  'image url': {
    a: { messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } }, { type: 'text', text: 'what?' }] }] },
    o: { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/a.png' } }, { type: 'text', text: 'what?' }] }] },
  },
  'stop sequence': {
    a: { stop_sequences: ['quick'], messages: [{ role: 'user', content: 'go' }] },
    o: { stop: ['quick'], messages: [{ role: 'user', content: 'go' }] },
    // An OpenAI upstream never says which stop sequence matched (docs/protocols.md#stop-reason-mapping): end_turn.
    expect: { a: 'stop_sequence', o: 'stop', aViaOpenAI: 'end_turn' },
  },
  'max_tokens': {
    a: { max_tokens: 3, messages: [{ role: 'user', content: 'go on and on' }] },
    o: { max_tokens: 3, messages: [{ role: 'user', content: 'go on and on' }] },
    expect: { a: 'max_tokens', o: 'length' },
  },
  'tools with auto choice': {
    a: { tools: [{ name: 'f', input_schema: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] } }], tool_choice: { type: 'auto' }, messages: [{ role: 'user', content: 'use it' }] },
    o: { tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] } } }], tool_choice: 'auto', messages: [{ role: 'user', content: 'use it' }] },
    expect: { a: 'tool_use', o: 'tool_calls' },
  },
  'tools forced by name': {
    a: { tools: [{ name: 'f', input_schema: { type: 'object', properties: {} } }, { name: 'g', input_schema: { type: 'object', properties: {} } }], tool_choice: { type: 'tool', name: 'g' }, messages: [{ role: 'user', content: 'use g' }] },
    o: { tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: {} } } }, { type: 'function', function: { name: 'g', parameters: { type: 'object', properties: {} } } }], tool_choice: { type: 'function', function: { name: 'g' } }, messages: [{ role: 'user', content: 'use g' }] },
    expect: { a: 'tool_use', o: 'tool_calls' }, tool: 'g',
  },
  'tool name over 64 characters': {
    a: { tools: [{ name: LONG_TOOL, input_schema: { type: 'object', properties: {} } }], tool_choice: { type: 'tool', name: LONG_TOOL }, messages: [{ role: 'user', content: 'use it' }] },
    o: { tools: [{ type: 'function', function: { name: LONG_TOOL, parameters: { type: 'object', properties: {} } } }], tool_choice: { type: 'function', function: { name: LONG_TOOL } }, messages: [{ role: 'user', content: 'use it' }] },
    expect: { a: 'tool_use', o: 'tool_calls' }, tool: LONG_TOOL,
  },
  'reasoning': {
    a: { max_tokens: 2048, thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [{ role: 'user', content: 'think first' }] },
    o: { max_tokens: 4096, reasoning_effort: 'low', messages: [{ role: 'user', content: 'think first' }] },
    reasoning: 'Reasoning about: think first',
  },
  'tool result turn': {
    a: { tools: [{ name: 'f', input_schema: { type: 'object', properties: {} } }], messages: [{ role: 'user', content: 'x' }, { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'f', input: {} }] }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'done' }] }], tool_choice: { type: 'none' } },
    o: { tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: {} } } }], messages: [{ role: 'user', content: 'x' }, { role: 'assistant', content: null, tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'f', arguments: '{}' } }] }, { role: 'tool', tool_call_id: 'toolu_1', content: 'done' }], tool_choice: 'none' },
  },
};

async function lastBilled() {
  const r = await fetch(`${stack.baseURL}/admin/requests?limit=1`, { headers: { authorization: `Bearer ${stack.adminToken}` } });
  return (await r.json()).requests[0];
}

for (const model of ['claude-mock', 'gpt-mock']) {
  for (const client of ['anthropic', 'openai']) {
    for (const stream of [false, true]) {
      for (const [name, f] of Object.entries(features)) {
        test(`${client} client, ${model === 'gpt-mock' ? 'openai' : 'anthropic'} channel, ${stream ? 'stream' : 'non-stream'}: ${name}`, async () => {
          let usage;
          let stop;
          let toolName;
          let reasoning = '';
          if (client === 'anthropic') {
            const params = { model, max_tokens: 64, ...f.a };
            const message = stream ? await anthropic.messages.stream(params).finalMessage() : await anthropic.messages.create(params);
            assert.equal(message.type, 'message');
            usage = { input: message.usage.input_tokens + (message.usage.cache_read_input_tokens ?? 0) + (message.usage.cache_creation_input_tokens ?? 0), output: message.usage.output_tokens };
            stop = message.stop_reason;
            toolName = message.content.find((b) => b.type === 'tool_use')?.name;
            if (message.content[0]?.type === 'thinking') reasoning = message.content[0].thinking;
          } else {
            const params = { model, max_tokens: 64, ...f.o };
            if (stream) {
              const s = await openai.chat.completions.create({ ...params, stream: true, stream_options: { include_usage: true } });
              for await (const chunk of s) {
                stop = chunk.choices[0]?.finish_reason ?? stop;
                toolName = chunk.choices[0]?.delta?.tool_calls?.[0]?.function?.name ?? toolName;
                reasoning += chunk.choices[0]?.delta?.reasoning_content ?? '';
                if (chunk.usage) usage = { input: chunk.usage.prompt_tokens, output: chunk.usage.completion_tokens };
              }
            } else {
              const c = await openai.chat.completions.create(params);
              usage = { input: c.usage.prompt_tokens, output: c.usage.completion_tokens };
              stop = c.choices[0].finish_reason;
              toolName = c.choices[0].message.tool_calls?.[0]?.function?.name;
              reasoning = c.choices[0].message.reasoning_content ?? '';
            }
          }
          const key = client === 'anthropic' ? (model === 'gpt-mock' && f.expect?.aViaOpenAI ? 'aViaOpenAI' : 'a') : 'o';
          const expected = f.expect?.[key] ?? (client === 'anthropic' ? 'end_turn' : 'stop');
          assert.equal(stop, expected);
          if (f.tool) assert.equal(toolName, f.tool);
          // Reasoning text reaches the client in its own protocol's shape, and only when asked for.
          assert.equal(reasoning, f.reasoning ?? '');
          assert.ok(usage.input > 0 && usage.output > 0);
          // Billed once, at the channel's prices ($3 in, $15 out per Mtok), whichever protocols met.
          let log;
          for (let i = 0; i < 50; ++i) {
            log = await lastBilled();
            if (log && log.billed && log.protocol === client) break;
            await new Promise((r) => setTimeout(r, 20));
          }
          assert.equal(log.protocol, client);
          assert.equal(log.billed, true, log.not_billed_reason);
          assert.equal(log.cost_micros, Math.ceil((usage.input * 3000000 + usage.output * 15000000) / 1000000));
        });
      }
    }
  }
}

// Errors mid-stream, for every combination: the upstream connection drops after a few events;
// the client gets the error in its own protocol (and its SDK raises it), and nothing is billed.
for (const model of ['claude-drops', 'gpt-drops']) {
  for (const client of ['anthropic', 'openai']) {
    test(`${client} client, ${model === 'gpt-drops' ? 'openai' : 'anthropic'} channel: upstream drops mid-stream`, async () => {
      let received = '';
      if (client === 'anthropic') {
        const stream = anthropic.messages.stream({ model, max_tokens: 64, messages: [{ role: 'user', content: 'long answer please' }] });
        stream.on('text', (t) => { received += t; });
        await assert.rejects(stream.finalMessage(), (err) => { assert.ok(err instanceof Anthropic.APIError, String(err)); return true; });
      } else {
        const stream = await openai.chat.completions.create({ model, max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'long answer please' }] });
        await assert.rejects((async () => { for await (const chunk of stream) received += chunk.choices[0]?.delta?.content ?? ''; })(),
          (err) => { assert.ok(err instanceof OpenAI.APIError, String(err)); return true; });
      }
      assert.ok(received.length > 0, 'some content arrived before the drop');
      let log;
      for (let i = 0; i < 50; ++i) {
        log = await lastBilled();
        if (log && log.protocol === client && log.model === model) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      assert.equal(log.model, model);
      assert.equal(log.billed, false);
      assert.match(log.not_billed_reason, /mid-stream|dropped|ended/);
    });
  }
}

// docs/protocols.md#edge-cases, case 36: reasoning that came from an OpenAI-speaking channel has no signature; a
// conversation carrying it on to an anthropic channel must not fail with "Invalid signature"
// (the mock refuses unsigned thinking as the real API does).
test('anthropic client, anthropic channel: unsigned thinking in the history is removed', async () => {
  const first = await anthropic.messages.create({ model: 'gpt-mock', max_tokens: 2048,
    thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [{ role: 'user', content: 'one' }] });
  assert.equal(first.content[0].type, 'thinking');
  assert.equal(first.content[0].signature, '');
  await stack.clearMock();
  const second = await anthropic.messages.create({ model: 'claude-mock', max_tokens: 2048,
    thinking: { type: 'enabled', budget_tokens: 1024 },
    messages: [{ role: 'user', content: 'one' }, { role: 'assistant', content: first.content }, { role: 'user', content: 'two' }] });
  assert.equal(second.content[0].type, 'thinking');
  assert.equal(second.content[0].signature, 'sig_mock');
  const sent = JSON.parse((await stack.mockRequests()).at(-1).body);
  assert.deepEqual(sent.messages[1].content.map((b) => b.type), first.content.slice(1).map((b) => b.type));
});
