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
 *
 * LISTEN/NOTIFY: the shared session listens for every connection, and PGlite writes a
 * NotificationResponse into the output of whichever message it is running — usually the
 * *notifying* connection's, never the listener's. So a BullMQ worker blocked on its LISTEN client
 * was never woken by a new job and slept until its next delayed job (an hour for an hourly
 * scheduler). We take NotificationResponses out of the output and hand each to the connections
 * that issued LISTEN for its channel, as a real server would. (pglite-socket 0.2.17 has the same
 * gap; the fix belongs there too.) LISTEN is noted from the SQL text of a query; one session
 * remains underneath, so an UNLISTEN stops delivery for every connection on that channel.
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
const QUERY = 'Q'.charCodeAt(0);
const PARSE = 'P'.charCodeAt(0);
const NOTIFICATION = 'A'.charCodeAt(0);

type Sink = (data: Uint8Array) => void;

export class SessionAffineQueue {
  private queue: Entry[] = [];
  private processing = false;
  /** the connection that holds the session, or null when any may take it */
  private owner: number | null = null;
  /** where each open connection's output goes */
  private sinks = new Map<number, Sink>();
  /** the channels each connection listens on */
  private listens = new Map<number, Set<string>>();

  constructor(private readonly db: Session) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    this.sinks.set(handlerId, onData);
    this.trackListen(handlerId, message);
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.process();
    });
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    // called when the connection closes
    this.sinks.delete(handlerId);
    this.listens.delete(handlerId);
    const gone = this.queue.filter((e) => e.handlerId === handlerId);
    this.queue = this.queue.filter((e) => e.handlerId !== handlerId);
    for (const e of gone) e.reject(new Error('connection closed'));
  }

  /** a connection that left while holding the session: end what it began, free the session */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    const out = await this.db.runExclusive(() => this.db.execProtocolRaw(SYNC));
    this.routeNotifications(() => undefined)(out);
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
        const onRawData = this.routeNotifications((data) => {
          bytes += data.length;
          entry!.onData(data);
        });
        try {
          await this.db.runExclusive(() => this.db.execProtocolRawStream(entry!.message, { onRawData }));
          onRawData(undefined);
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

  /**
   * A sink for one message's output that passes it to `own`, except NotificationResponses,
   * which go to the connections listening on their channel. Output may split a message across
   * chunks; an incomplete tail waits for the next chunk (`undefined` ends the output).
   */
  private routeNotifications(own: Sink): (chunk: Uint8Array | undefined) => void {
    let carry: Uint8Array = new Uint8Array(0);
    return (chunk) => {
      if (chunk === undefined) {
        if (carry.length > 0) own(carry);
        carry = new Uint8Array(0);
        return;
      }
      const buf = carry.length === 0 ? chunk : Buffer.concat([carry, chunk]);
      const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
      let start = 0;
      let at = 0;
      while (at + 5 <= buf.length) {
        const end = at + 1 + view.getInt32(at + 1);
        if (end > buf.length) break;
        if (buf[at] === NOTIFICATION) {
          if (at > start) own(buf.subarray(start, at));
          this.notify(buf.slice(at, end));
          start = end;
        }
        at = end;
      }
      if (at > start) own(buf.subarray(start, at));
      carry = buf.slice(at);
    };
  }

  /** NotificationResponse: 'A', length, sender pid, channel, payload */
  private notify(message: Uint8Array): void {
    const from = 9;
    const channel = Buffer.from(message.buffer, message.byteOffset + from, message.indexOf(0, from) - from).toString('utf8');
    for (const [handlerId, channels] of this.listens) {
      if (channels.has(channel)) this.sinks.get(handlerId)?.(message);
    }
  }

  /** notes LISTEN and UNLISTEN in a simple query or a Parse message */
  private trackListen(handlerId: number, message: Uint8Array): void {
    let sql: string;
    if (message[0] === QUERY) {
      sql = Buffer.from(message.buffer, message.byteOffset + 5, message.length - 6).toString('utf8');
    } else if (message[0] === PARSE) {
      const nameEnd = message.indexOf(0, 5);
      sql = Buffer.from(message.buffer, message.byteOffset + nameEnd + 1, message.indexOf(0, nameEnd + 1) - nameEnd - 1).toString('utf8');
    } else {
      return;
    }
    if (!/LISTEN/i.test(sql)) return;
    const statements = sql.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '').split(';');
    for (const statement of statements) {
      const m = /^\s*(UN)?LISTEN\s+("(?:[^"]|"")+"|\*|[^\s"]+)\s*$/i.exec(statement);
      if (!m) continue;
      const channel = m[2].startsWith('"') ? m[2].slice(1, -1).replace(/""/g, '"') : m[2].toLowerCase();
      let channels = this.listens.get(handlerId);
      if (!channels) this.listens.set(handlerId, (channels = new Set()));
      if (!m[1]) channels.add(channel);
      else if (channel === '*') channels.clear();
      else channels.delete(channel);
    }
  }
}
