/**
 * Application logs (pino, JSON lines). Log events and identifiers, never customer values:
 * names, ids, phones and e-mails stay out of logs (see README "Logging").
 */
import pino, { type Logger } from 'pino';

export function createLogger(level: string, name = 'customer-hub'): Logger {
  return pino({ name, level, base: { pid: process.pid } });
}
