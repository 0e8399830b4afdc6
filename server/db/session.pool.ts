/**
 * A small pool of DuckDB sessions for the HTTP side: each request borrows one (its own transactions and
 * temp tables), and returns it when done, so 20 concurrent clients do not open 20 connections per second.
 */
import type { Warehouse } from '../../warehouse/index.ts';

export class SessionPool {
  private readonly idle: Warehouse[] = [];
  private readonly waiting: ((wh: Warehouse) => void)[] = [];
  private open = 0;
  private closed = false;

  constructor(
    private readonly wh: Warehouse,
    private readonly size = 6,
  ) {}

  async use<T>(fn: (wh: Warehouse) => Promise<T>): Promise<T> {
    const session = await this.acquire();
    try {
      return await fn(session);
    } finally {
      this.release(session);
    }
  }

  private async acquire(): Promise<Warehouse> {
    if (this.closed) throw new Error('session pool is closed');
    const ready = this.idle.pop();
    if (ready) return ready;
    if (this.open < this.size) {
      this.open += 1;
      try {
        return await this.wh.session();
      } catch (err) {
        this.open -= 1;
        throw err;
      }
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(session: Warehouse): void {
    const next = this.waiting.shift();
    if (next) next(session);
    else if (this.closed) session.close();
    else this.idle.push(session);
  }

  close(): void {
    this.closed = true;
    for (const s of this.idle.splice(0)) s.close();
  }
}
