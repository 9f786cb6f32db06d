import { maskPhonesInText } from '@app/shipping';
import pino, { type Logger } from 'pino';
import { sourceMappedStack } from './source-mapped-stack';

export type { Logger };

/** Paths that must never reach a log line, wherever they appear in a logged object. */
const REDACT = [
  'password',
  '*.password',
  'apiKey',
  '*.apiKey',
  'key',
  '*.key',
  'token',
  '*.token',
  'api_token',
  '*.api_token',
  'secret',
  '*.secret',
  'authorization',
  '*.authorization',
  'cookie',
  '*.cookie',
  'headers.cookie',
  'headers.authorization',
  'req.headers.cookie',
  'req.headers.authorization',
  'phone',
  '*.phone',
  'address',
  '*.address',
  'email',
  '*.email',
];

/** pino's own error serializer (a fresh object per error, causes included), the stack source-mapped. */
function serializeError(err: Error): pino.SerializedError {
  // Not always an Error: `{ err }` may hold whatever was thrown, which pino passes through.
  const out = pino.stdSerializers.err(err) as pino.SerializedError | null | undefined;
  if (out && typeof out.stack === 'string') out.stack = sourceMappedStack(out.stack);
  return out as pino.SerializedError;
}

export function createLogger(options: {
  level: string;
  pretty?: boolean;
  destination?: pino.DestinationStream;
}): Logger {
  const base = {
    level: options.level,
    // The built server runs without --enable-source-maps (issue 26: ~25 MB resident): a logged
    // error's stack is mapped to the TypeScript sources here, when it is logged.
    serializers: { err: serializeError },
    redact: { paths: REDACT, censor: '[redacted]' },
    // Redaction by key cannot reach free text, and iCarry's messages echo the consignee's mobile.
    hooks: { streamWrite: maskPhonesInText },
  };
  if (options.destination) return pino(base, options.destination);
  if (options.pretty) {
    return pino({
      ...base,
      transport: {
        target: 'pino-pretty',
        options: { colorize: true, ignore: 'pid,hostname', translateTime: 'HH:MM:ss' },
      },
    });
  }
  // Written to stdout asynchronously: a request does not wait for its log line's write(2), and lines
  // logged while one is being written go out together. pino flushes what is left synchronously when
  // the process exits (on-exit-leak-free); only a SIGKILL can lose the last lines.
  return pino(base, pino.destination({ dest: 1, sync: false }));
}
