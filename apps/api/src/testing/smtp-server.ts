import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string;
  subject: string;
  /** The Message-ID header ('' when absent). */
  messageId: string;
  raw: string;
  user: string | null;
}

type SmtpError = Error & { responseCode: number };

function smtpError(code: number, message: string): SmtpError {
  return Object.assign(new Error(message), { responseCode: code });
}

/**
 * The tests' one SMTP server: a real one on a port that can be stopped and started again (an
 * outage). It can be slow (the delay is spent before the recipient is accepted, so a client killed
 * during it has handed over nothing), require a password, refuse chosen recipients with a chosen
 * code, and count what it accepted per recipient and subject.
 */
export class TestSmtpServer {
  /** One entry per accepted recipient. */
  readonly received: ReceivedMail[] = [];
  port = 0;
  /** Milliseconds to wait before accepting each recipient. */
  delayMs = 0;
  /** Refuse every recipient with this code while set (421/451 temporary, 550 permanent). */
  refuseAllWith: number | null = null;
  /** Refuse these recipients with these codes, forever. */
  readonly refuseRecipient = new Map<string, number>();
  /** Recipients waiting in the delay right now. */
  inFlight = 0;
  /** Recipient attempts seen (accepted or not). */
  attempts = 0;
  /** Recipient attempts seen, per address. */
  readonly attemptsFor = new Map<string, number>();
  private server: SMTPServer | null = null;

  constructor(private readonly auth: { user: string; pass: string } | null = null) {}

  async start(port = this.port): Promise<void> {
    const auth = this.auth;
    const server = new SMTPServer({
      authOptional: auth === null,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onAuth: (login, _session, callback) => {
        if (auth && login.username === auth.user && login.password === auth.pass)
          callback(null, { user: login.username });
        else callback(smtpError(535, 'Authentication credentials invalid'));
      },
      onRcptTo: (address, _session, callback) => {
        this.attempts++;
        this.attemptsFor.set(address.address, (this.attemptsFor.get(address.address) ?? 0) + 1);
        this.inFlight++;
        setTimeout(() => {
          this.inFlight--;
          const code = this.refuseRecipient.get(address.address) ?? this.refuseAllWith;
          callback(code ? smtpError(code, code >= 500 ? 'mailbox unavailable' : 'try again later') : null);
        }, this.delayMs);
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const subject = /^Subject: (.*)$/m.exec(raw)?.[1]?.trim() ?? '';
          const messageId = /^Message-ID: (.*)$/im.exec(raw)?.[1]?.trim() ?? '';
          for (const r of session.envelope.rcptTo)
            this.received.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: r.address,
              subject,
              messageId,
              raw,
              user: typeof session.user === 'string' ? session.user : null,
            });
          callback();
        });
      },
    });
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(port, '127.0.0.1', () => ok());
    });
    this.server = server;
    this.port = (server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((ok) => server.close(() => ok()));
  }

  get url(): string {
    return this.auth
      ? `smtp://${encodeURIComponent(this.auth.user)}:${encodeURIComponent(this.auth.pass)}@127.0.0.1:${this.port}`
      : `smtp://127.0.0.1:${this.port}`;
  }

  /** How many times each recipient got each subject. */
  counts(): Map<string, number> {
    const out = new Map<string, number>();
    for (const m of this.received) out.set(`${m.to}|${m.subject}`, (out.get(`${m.to}|${m.subject}`) ?? 0) + 1);
    return out;
  }

  /**
   * Recipient and subject pairs that arrived under more than one Message-ID: two emails in the
   * mailbox. (One Message-ID received twice, a resend after a crash, is one email to the reader.)
   */
  distinctDuplicates(): string[] {
    const ids = new Map<string, Set<string>>();
    for (const m of this.received) {
      const key = `${m.to}|${m.subject}`;
      ids.set(key, (ids.get(key) ?? new Set()).add(m.messageId));
    }
    return [...ids].filter(([, set]) => set.size > 1).map(([k, set]) => `${k} x${set.size}`);
  }

  /** Keys received more than once. */
  duplicates(): string[] {
    return [...this.counts()].filter(([, n]) => n > 1).map(([k, n]) => `${k} x${n}`);
  }
}
