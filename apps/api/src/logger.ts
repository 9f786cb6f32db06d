import pino, { type Logger } from 'pino';

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

/** An Indian mobile anywhere in free text (with or without +91), not part of a longer number. Same rule as the iCarry client's. */
const MOBILE_IN_TEXT = /(?<!\d)(?:\+?91[\s-]?)?[6-9]\d{9}(?!\d)/g;

/**
 * Cuts every mobile number in a finished log line to its last four digits. Redaction by key cannot
 * reach free text, and iCarry's error messages echo the consignee's mobile ("Consignee mobile
 * 98xxxxxxxx is blacklisted"), which our own lines and the logged error then repeat.
 */
export function maskMobilesInText(line: string): string {
  return line.replace(MOBILE_IN_TEXT, (match) => `******${match.slice(-4)}`);
}

export function createLogger(options: {
  level: string;
  pretty?: boolean;
  destination?: pino.DestinationStream;
}): Logger {
  const base = {
    level: options.level,
    redact: { paths: REDACT, censor: '[redacted]' },
    hooks: { streamWrite: maskMobilesInText },
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
  return pino(base);
}
