// A real SMTP server on loopback (smtp-server) that parses every message it receives (mailparser)
// into an inbox, for tests in which mail really travels through SMTP.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

export interface SmtpCapture {
  /** `smtp://127.0.0.1:<port>`, for SMTP_URL. */
  url: string;
  port: number;
  /** Every message received so far, parsed, in order of arrival (kept across stop/start). */
  inbox: ParsedMail[];
  /** Stops listening (mail sent meanwhile fails); safe to call twice. */
  close(): Promise<void>;
  /** Listens again on the same port after `close`. */
  restart(): Promise<void>;
}

async function listen(port: number, inbox: ParsedMail[]): Promise<SMTPServer> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, cb) {
      simpleParser(stream)
        .then((mail) => {
          inbox.push(mail);
          cb();
        })
        .catch((err: Error) => cb(err));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return server;
}

/** Starts the capture server on a free port of 127.0.0.1. */
export async function startSmtpCapture(): Promise<SmtpCapture> {
  const inbox: ParsedMail[] = [];
  let server: SMTPServer | undefined = await listen(0, inbox);
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    inbox,
    close: async () => {
      const s = server;
      server = undefined;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    restart: async () => {
      if (!server) server = await listen(port, inbox);
    },
  };
}
