import assert from 'node:assert/strict';
import { ConfigError } from '../../src/config.js';

/**
 * `starting` is refused with a ConfigError naming `variable` and `file`, on one line, matching
 * `reason`, and quoting nothing of the file's `content` (key material or not): no line of it, and
 * no JSON string value of 8 characters or more.
 */
export async function assertKeyFileRefused(
  starting: Promise<unknown>,
  expected: { variable: string; file: string; content: string; reason: RegExp },
): Promise<void> {
  const { variable, file, content, reason } = expected;
  const error = await starting.then(
    () => assert.fail('expected the start to be refused'),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof ConfigError, `a ConfigError, got ${String((error as Error)?.stack ?? error)}`);
  assert.equal(error.variable, variable);
  assert.ok(error.message.startsWith(`${variable}: `), error.message);
  assert.ok(error.message.includes(file), error.message);
  assert.match(error.message, reason);
  assert.ok(!error.message.includes('\n'), `one line: ${error.message}`);
  for (const line of content.split('\n').map((text) => text.trim()).filter((text) => text.length >= 8 && !text.startsWith('-----'))) {
    assert.ok(!error.message.includes(line), `the message quotes the file: ${error.message}`);
  }
  for (const fragment of content.match(/"[a-z]+":"[^"]{8,}"/gi) ?? []) {
    assert.ok(!error.message.includes(fragment.split(':')[1].slice(1, -1)), `the message quotes the file: ${error.message}`);
  }
}
