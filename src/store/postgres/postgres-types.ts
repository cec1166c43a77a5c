import pg from 'pg';

const INT8_OID = 20;

/** int8 as a JS number; a value a number cannot hold exactly is an error, never silently rounded. */
function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`bigint ${text} is beyond Number.MAX_SAFE_INTEGER and cannot be read exactly`);
  }
  return value;
}

/** Per-pool type parsers (not pg's global registry, which other pools in the process share). */
export const postgresTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? parseInt8 : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};
