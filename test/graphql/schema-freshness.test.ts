import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { generate, loadContext } from '@graphql-codegen/cli';
import { buildRepaymentSchema } from '../../src/graphql/build-schema.js';
import { printRepaymentSchema } from '../../src/graphql/print-schema.js';

describe('committed schema artefacts', () => {
  it('schema/schema.graphql is what the type-graphql classes emit (run `npm run schema:emit`)', async () => {
    const committed = await readFile('schema/schema.graphql', 'utf8');
    assert.equal(committed, printRepaymentSchema(await buildRepaymentSchema()));
  });

  it('test/generated/graphql.ts is what codegen.yml generates (run `npm run codegen`)', async () => {
    const outputs = await generate(await loadContext('codegen.yml'), false);
    const [output] = outputs as { filename: string; content: string }[];
    assert.equal(output.filename, 'test/generated/graphql.ts');
    assert.equal(await readFile('test/generated/graphql.ts', 'utf8'), output.content);
  });
});
