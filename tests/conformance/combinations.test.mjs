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
    // An OpenAI upstream never says which stop sequence matched (WIRE.md 3.5): end_turn.
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
          if (client === 'anthropic') {
            const params = { model, max_tokens: 64, ...f.a };
            const message = stream ? await anthropic.messages.stream(params).finalMessage() : await anthropic.messages.create(params);
            assert.equal(message.type, 'message');
            usage = { input: message.usage.input_tokens + (message.usage.cache_read_input_tokens ?? 0) + (message.usage.cache_creation_input_tokens ?? 0), output: message.usage.output_tokens };
            stop = message.stop_reason;
            toolName = message.content.find((b) => b.type === 'tool_use')?.name;
          } else {
            const params = { model, max_tokens: 64, ...f.o };
            if (stream) {
              const s = await openai.chat.completions.create({ ...params, stream: true, stream_options: { include_usage: true } });
              for await (const chunk of s) {
                stop = chunk.choices[0]?.finish_reason ?? stop;
                toolName = chunk.choices[0]?.delta?.tool_calls?.[0]?.function?.name ?? toolName;
                if (chunk.usage) usage = { input: chunk.usage.prompt_tokens, output: chunk.usage.completion_tokens };
              }
            } else {
              const c = await openai.chat.completions.create(params);
              usage = { input: c.usage.prompt_tokens, output: c.usage.completion_tokens };
              stop = c.choices[0].finish_reason;
              toolName = c.choices[0].message.tool_calls?.[0]?.function?.name;
            }
          }
          const key = client === 'anthropic' ? (model === 'gpt-mock' && f.expect?.aViaOpenAI ? 'aViaOpenAI' : 'a') : 'o';
          const expected = f.expect?.[key] ?? (client === 'anthropic' ? 'end_turn' : 'stop');
          assert.equal(stop, expected);
          if (f.tool) assert.equal(toolName, f.tool);
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
