import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import 'reflect-metadata';
import { isObjectType } from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { buildRepaymentSchema } from '../../src/graphql/build-schema.js';

/**
 * Object types use type-graphql's `simpleResolvers`: their plain fields have no resolver, so no
 * middleware and no `@Authorized` would run on them. This keeps anyone from relying on either.
 */
describe('simple resolvers', () => {
  it('leave no guarded field unguarded, and read every plain field under its own name', async () => {
    const schema = await buildRepaymentSchema();
    const storage = getMetadataStorage();
    const typeNameOf = (target: Function) => storage.objectTypes.find((type) => type.target === target)?.name;
    const guarded = [...storage.authorizedFields, ...storage.middlewares.filter((m) => 'fieldName' in m)] as { target: Function; fieldName: string }[];
    let checked = 0;
    for (const { target, fieldName } of guarded) {
      const typeName = typeNameOf(target);
      if (typeName === undefined) continue; // a resolver class: queries and mutations always have resolvers
      const field = storage.fields.find((f) => f.target === target && f.name === fieldName)!;
      const type = schema.getType(typeName);
      assert.ok(isObjectType(type));
      assert.equal(typeof type.getFields()[field.schemaName]!.resolve, 'function', `${typeName}.${field.schemaName} is guarded but has no resolver`);
      checked += 1;
    }
    for (const metadata of storage.fields) {
      const typeName = typeNameOf(metadata.target);
      const type = typeName === undefined ? undefined : schema.getType(typeName);
      if (!isObjectType(type)) continue;
      const field = type.getFields()[metadata.schemaName];
      if (field && field.resolve === undefined) {
        assert.equal(metadata.schemaName, metadata.name, `${typeName}.${metadata.schemaName} is read by the default resolver under another name`);
        checked += 1;
      }
    }
    assert.ok(checked > 40, `only ${checked} fields checked`);
  });
});
