// Every contract version ever published keeps a fixture that still parses with today's catalog.
// Fixtures live in fixtures/v<N>/<topic>.json; never edit a published one, add a new version beside it.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isTopicName, parseTopicMessage, topicNames, topics } from './topics';

const root = fileURLToPath(new URL('../fixtures/', import.meta.url));
const versions = readdirSync(root).filter((dir) => /^v\d+$/.test(dir));
const fixtures = versions.flatMap((version) =>
  readdirSync(`${root}${version}`)
    .filter((file) => file.endsWith('.json'))
    .map((file) => ({ version, topic: file.slice(0, -'.json'.length), path: `${root}${version}/${file}` })),
);

describe('published fixtures', () => {
  it('exist for every topic at its current version', () => {
    for (const name of topicNames) {
      expect(
        fixtures.some((f) => f.topic === name && f.version === `v${topics[name].version}`),
        name,
      ).toBe(true);
    }
  });

  it.each(fixtures.map((f) => [`${f.version}/${f.topic}`, f] as const))(
    '%s still parses',
    (_label, fixture) => {
      expect(isTopicName(fixture.topic), `unknown topic ${fixture.topic}`).toBe(true);
      if (!isTopicName(fixture.topic)) return;
      const data: unknown = JSON.parse(readFileSync(fixture.path, 'utf8'));
      const result = parseTopicMessage(fixture.topic, data);
      if (!result.ok)
        throw new Error(`${fixture.version}/${fixture.topic}: ${JSON.stringify(result.issues, null, 2)}`);
      expect(`v${(data as { v: number }).v}`).toBe(fixture.version);
    },
  );
});
