import type { Response } from 'express';

/**
 * A JSON answer written as it is: the same status, JSON bytes and content-type as `res.json`,
 * without Express's send path, which also hashes every answer for an ETag. For answers to POSTs
 * (webhooks, creates), which no client revalidates. Headers set earlier are kept.
 */
export function writeJson(res: Response, status: number, answer: object): void {
  const body = JSON.stringify(answer);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}
