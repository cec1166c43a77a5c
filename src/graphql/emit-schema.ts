/** `npm run schema:emit`: writes schema/schema.graphql from the type-graphql classes. */
import { writeFile } from 'node:fs/promises';
import { buildRepaymentSchema } from './build-schema.js';
import { printRepaymentSchema } from './print-schema.js';

const target = process.argv[2] ?? 'schema/schema.graphql';
await writeFile(target, printRepaymentSchema(await buildRepaymentSchema()));
console.log(`wrote ${target}`);
