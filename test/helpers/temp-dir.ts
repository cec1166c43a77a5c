import { after, before } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A fresh directory under the OS temp dir, removed by `remove()`. */
export async function tempDir(prefix: string): Promise<{ path: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), `${prefix}-`));
  return { path: dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * A fresh directory for the whole suite this is called in: made before its tests, removed after.
 * Returns a getter, since the path exists only once the suite starts.
 */
export function suiteTempDir(prefix: string): () => string {
  let dir: { path: string; remove(): Promise<void> } | undefined;
  before(async () => {
    dir = await tempDir(prefix);
  });
  after(() => dir?.remove());
  return () => dir!.path;
}
