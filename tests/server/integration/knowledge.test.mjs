// Suggested answers and knowledge-base search for agents: the server runs the
// engine natively over a bundle built by relais-kb from tests/knowledge-base/good.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Server, handoff } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const goodKb = path.resolve(here, '../../knowledge-base/good');

describe('knowledge base for agents', () => {
  let server;
  let bundle;
  before(async () => {
    server = new Server({}, { agents: [{ email: 'fr@test', queues: ['general'], languages: ['fr'] }] });
    bundle = path.join(server.dir, 'kb.sqlite');
    execFileSync(process.env.RELAIS_KB_BIN, ['build', goodKb, '-o', bundle], { stdio: 'ignore' });
    await server.start(['--kb', bundle]);
  });
  after(async () => { await server.cleanup(); });

  test('an assigned conversation comes with answers for what the visitor asked', async () => {
    const agent = await server.agent('fr@test');
    const v = await handoff(server, {
      queue: 'general', language: 'fr', reason: 'low_confidence',
      transcript: [{ author: 'visitor', text: 'je voudrais prolonger mes livres empruntés' }],
    });
    await agent.next('conversation.offered');
    agent.send({ type: 'conversation.accept', conversation_id: v.id });
    const assigned = await agent.next('conversation.assigned');
    assert.ok(assigned.suggestions.length >= 1 && assigned.suggestions.length <= 3);
    assert.equal(assigned.suggestions[0].id, 'renew-loan');
    assert.equal(assigned.suggestions[0].title, 'Renouveler un emprunt');  // the conversation's language
    assert.ok(assigned.suggestions[0].text.length > 0);
  });

  test('an agent searches the answers in either language', async () => {
    const agent = await server.agent('fr@test');
    agent.send({ type: 'kb.search', query: 'late fees for overdue books', language: 'en' });
    const en = await agent.next('kb.results');
    assert.equal(en.query, 'late fees for overdue books');
    assert.equal(en.results[0].id, 'late-fees');
    assert.ok(en.results.every((r) => r.score > 0 && r.score <= 1));

    agent.send({ type: 'kb.search', query: 'carte perdue' });  // language: the agent's first
    const fr = await agent.next('kb.results');
    assert.equal(fr.language, 'fr');
    assert.equal(fr.results[0].id, 'lost-card');

    agent.send({ type: 'kb.search', query: 'x'.repeat(501) });
    assert.equal((await agent.next('error')).code, 'too_large');
  });

  test('visitors cannot search the agents\' knowledge base', async () => {
    const v = await handoff(server, { queue: 'general' });
    v.client.send({ type: 'kb.search', query: 'carte' });
    assert.equal((await v.client.next('error')).code, 'not_allowed');
  });
});
