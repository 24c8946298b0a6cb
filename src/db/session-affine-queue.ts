/**
 * The statement queue behind the embedded PostgreSQL socket. Every client connection shares one
 * PGlite session, so the socket server must hand that session to one connection at a time.
 *
 * pglite-socket 0.2.17's own queue does this per *message* and only pins a connection while a
 * transaction is open (electric-sql/pglite#1046). An extended-protocol query (Parse, Bind,
 * Describe, Execute, Sync) is not inside a transaction between its messages, so two
 * connections' queries interleave and one binds the other's unnamed statement ("bind message
 * supplies 13 parameters, but prepared statement "" requires 2"), or silently reads wrong rows.
 * And one thrown message left its queue marked busy forever, freezing the database.
 *
 * This queue keeps the session with a connection from its first extended-protocol message to
 * its Sync, and through any transaction; a failing message is reported to its connection only.
 */
import type { PGlite } from '@electric-sql/pglite';

interface Entry {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (err: unknown) => void;
}

/** Parse, Bind, Describe, Execute, Close, Flush: the session state they build lasts until Sync */
const EXTENDED_PROTOCOL = new Set(['P', 'B', 'D', 'E', 'C', 'H'].map((c) => c.charCodeAt(0)));
type Session = Pick<PGlite, 'runExclusive' | 'execProtocolRaw' | 'execProtocolRawStream' | 'isInTransaction' | 'exec'>;

const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);

export class SessionAffineQueue {
  private queue: Entry[] = [];
  private processing = false;
  /** the connection that holds the session, or null when any may take it */
  private owner: number | null = null;

  constructor(private readonly db: Session) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.process();
    });
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    const gone = this.queue.filter((e) => e.handlerId === handlerId);
    this.queue = this.queue.filter((e) => e.handlerId !== handlerId);
    for (const e of gone) e.reject(new Error('connection closed'));
  }

  /** a connection that left while holding the session: end what it began, free the session */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    await this.db.runExclusive(() => this.db.execProtocolRaw(SYNC));
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    this.owner = null;
    void this.process();
  }

  private next(): Entry | undefined {
    if (this.owner === null) return this.queue.shift();
    const i = this.queue.findIndex((e) => e.handlerId === this.owner);
    return i < 0 ? undefined : this.queue.splice(i, 1)[0];
  }

  private async process(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (let entry = this.next(); entry; entry = this.next()) {
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(entry!.message, {
              onRawData: (data) => {
                bytes += data.length;
                entry!.onData(data);
              },
            }),
          );
          entry.resolve(bytes);
        } catch (err) {
          entry.reject(err);
        }
        const midQuery = EXTENDED_PROTOCOL.has(entry.message[0]) || this.db.isInTransaction();
        this.owner = midQuery ? entry.handlerId : null;
      }
    } finally {
      this.processing = false;
    }
  }
}
