import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Secrets and personal data are redacted by path wherever they might be
 * attached to a log line, as a second line of defence: code should not log them in the first place.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { service: 'repayment-graphql' },
      redact: {
        paths: [
          'apiV3Key',
          '*.apiV3Key',
          'privateKey',
          '*.privateKey',
          'authorization',
          'headers.authorization',
          '*.headers.authorization',
          'realName',
          '*.realName',
          'identityId',
          '*.identityId',
          'real_identity',
          '*.real_identity',
        ],
        censor: '[redacted]',
      },
    },
    destination as never,
  );
}
