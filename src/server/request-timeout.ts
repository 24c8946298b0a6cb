/**
 * A GraphQL request still unanswered after `ms` gets 503 REQUEST_TIMEOUT instead of holding the
 * client. The resolvers go on (JavaScript cannot stop them); when they finish, their late answer
 * fails to write to the finished response and `dropLateAnswer` discards that failure.
 */
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';

const TIMED_OUT = 'requestTimedOut';

export function wasTimedOut(res: Response): boolean {
  return res.locals[TIMED_OUT] === true;
}

export function requestTimeout(ms: number): RequestHandler {
  return (_req, res, next) => {
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      res.locals[TIMED_OUT] = true;
      res.status(503).json({ errors: [{ message: `request not answered within ${ms} ms`, extensions: { code: 'REQUEST_TIMEOUT' } }] });
    }, ms);
    res.once('close', () => clearTimeout(timer));
    next();
  };
}

/** Express error handler after the GraphQL handler: swallows only the late answer of a timed-out request. */
export const dropLateAnswer: ErrorRequestHandler = (err, _req, res, next) => {
  if (wasTimedOut(res)) return;
  next(err);
};
