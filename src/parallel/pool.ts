/**
 * A small pool of `node:worker_threads` workers.
 *
 * Why our own rather than tinypool or piscina: the pool needs about a hundred lines (a queue,
 * one task per worker, transfer lists, ref/unref), and owning them lets it rebuild the
 * library's typed errors from a worker's reply (`code` → class), keep idle workers from holding
 * the process open, and add no run-time dependency to a package whose compute path is meant to
 * run in browsers too. Only this file and `worker.ts` use Node APIs.
 *
 * @module
 */
import { availableParallelism, cpus } from 'node:os';
import { Worker } from 'node:worker_threads';
import { InvalidArgumentError } from '../core/errors.js';
import { assertInt, fmt } from '../core/validate.js';
import { errorFromWire, type Task, type WireError } from './tasks.js';

/** Options of {@link createWorkerPool}. */
export interface WorkerPoolOptions {
  /**
   * Number of worker threads, an integer in [1, 1024]. Default: `os.availableParallelism()`
   * (or the number of CPUs on runtimes without it).
   */
  workers?: number;
  /**
   * Location of the worker script. Default: `worker.js` next to this module, which is right
   * for the installed package (`dist/parallel/worker.js`). Set it when running this module
   * from TypeScript sources (point it at the compiled `dist/parallel/worker.js`) or from a
   * bundle that moves files.
   */
  workerUrl?: string | URL;
}

interface Pending {
  readonly id: number;
  readonly task: Task;
  readonly transfer: ArrayBuffer[];
  readonly fn: string;
  resolve(value: unknown): void;
  reject(e: Error): void;
}

interface Slot {
  readonly worker: Worker;
  current: Pending | null;
  exited: boolean;
}

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError };

/** The default worker count: `os.availableParallelism()`, or the CPU count. */
export function defaultWorkerCount(): number {
  const n = typeof availableParallelism === 'function' ? availableParallelism() : cpus().length;
  return Math.max(1, n);
}

/**
 * A pool of worker threads that run randnla's kernels. Create it with
 * {@link createWorkerPool}; pass it to `applySketchParallel` (and `gemmParallel`) so that
 * repeated calls reuse started workers; close it with {@link WorkerPool.close} (or `await using`).
 *
 * Workers start lazily, on the first task that finds no idle worker, up to {@link WorkerPool.size};
 * each runs one task at a time and further tasks wait in a FIFO queue. Idle workers are
 * `unref`'d, so an open pool never keeps the process alive; a worker is `ref`'d while it runs a
 * task. A worker that dies (an uncaught error, out of memory) rejects its task and is replaced
 * on demand.
 */
export class WorkerPool {
  /** Maximum number of worker threads. */
  readonly size: number;
  readonly #url: URL;
  readonly #slots: Slot[] = [];
  readonly #queue: Pending[] = [];
  #closed = false;
  #nextId = 1;

  /** @internal Use {@link createWorkerPool}. */
  constructor(size: number, url: URL) {
    this.size = size;
    this.#url = url;
  }

  /** True once {@link WorkerPool.close} has been called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Number of worker threads started so far (≤ {@link WorkerPool.size}). */
  get started(): number {
    return this.#slots.length;
  }

  /**
   * Runs one task on a worker (internal: the parallel functions build the tasks). The buffers in
   * `transfer` are moved to the worker (they become detached here).
   *
   * @internal
   */
  run<T>(task: Task, transfer: ArrayBuffer[], fn: string): Promise<T> {
    if (this.#closed) return Promise.reject(closedError(fn));
    return new Promise<T>((resolve, reject) => {
      const p: Pending = { id: this.#nextId++, task, transfer, fn, resolve: resolve as (v: unknown) => void, reject };
      const slot = this.#slots.find((s) => s.current === null && !s.exited) ?? this.#spawn();
      if (slot) this.#start(slot, p);
      else this.#queue.push(p);
    });
  }

  /**
   * Stops every worker and rejects tasks still queued or running with an
   * {@link InvalidArgumentError} saying the pool was closed. Idempotent. Further calls that use
   * the pool reject the same way.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const queued = this.#queue.splice(0);
    for (const p of queued) p.reject(closedError(p.fn));
    const slots = this.#slots.splice(0);
    for (const s of slots) {
      const p = s.current;
      s.current = null;
      if (p) p.reject(closedError(p.fn));
    }
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  /** `await using pool = createWorkerPool()` closes the pool at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #spawn(): Slot | undefined {
    if (this.#slots.length >= this.size) return undefined;
    // Workers inherit the parent's Node flags; `--input-type` (from `node --input-type=module -e`)
    // applies to string input only and makes a worker fail to start, so it is dropped.
    const execArgv = process.execArgv.filter((a) => !a.startsWith('--input-type'));
    const worker = new Worker(this.#url, { execArgv });
    const slot: Slot = { worker, current: null, exited: false };
    worker.unref();
    worker.on('message', (msg: Reply) => this.#onReply(slot, msg));
    worker.on('error', (e: Error) => this.#onDeath(slot, e));
    worker.on('exit', (code: number) => this.#onDeath(slot, new Error(`randnla/parallel: a worker stopped (exit code ${code})`)));
    this.#slots.push(slot);
    return slot;
  }

  #start(slot: Slot, p: Pending): void {
    slot.current = p;
    slot.worker.ref();
    try {
      slot.worker.postMessage({ id: p.id, task: p.task }, p.transfer);
    } catch (e) {
      // A task that cannot be cloned (DataCloneError) never reached the worker.
      slot.current = null;
      slot.worker.unref();
      p.reject(new InvalidArgumentError(p.fn, `the input cannot be sent to a worker (${(e as Error).message})`));
      this.#next(slot);
    }
  }

  #next(slot: Slot): void {
    const p = this.#queue.shift();
    if (p) this.#start(slot, p);
  }

  #onReply(slot: Slot, msg: Reply): void {
    const p = slot.current;
    if (!p || p.id !== msg.id) return;
    slot.current = null;
    slot.worker.unref();
    if (msg.ok) p.resolve(msg.value);
    else p.reject(errorFromWire(msg.error));
    this.#next(slot);
  }

  #onDeath(slot: Slot, e: Error): void {
    if (slot.exited) return;
    slot.exited = true;
    const i = this.#slots.indexOf(slot);
    if (i >= 0) this.#slots.splice(i, 1);
    const p = slot.current;
    slot.current = null;
    if (p) p.reject(e);
    if (!this.#closed) void slot.worker.terminate();
    // Queued tasks go to a replacement worker.
    if (!this.#closed && this.#queue.length > 0) {
      const s = this.#spawn();
      if (s) this.#next(s);
    }
  }
}

function closedError(fn: string): InvalidArgumentError {
  return new InvalidArgumentError(fn, 'the worker pool is closed (create a new one with createWorkerPool)');
}

/**
 * A pool of worker threads for the parallel functions of `randnla/parallel`
 * (`applySketchParallel`, `gemmParallel`). Node only (`node:worker_threads`); the kernels
 * the workers run are the same, Node-free code as the serial functions.
 *
 * Cost: O(1); workers start on first use (each a new V8 isolate that loads the compiled modules:
 * 60–140 ms on a loaded 2-core machine); a task on a started worker adds about 0.6 ms of
 * message passing.
 *
 * @param options - `workers` (integer in [1, 1024], default `os.availableParallelism()`) and
 *   `workerUrl` (where the compiled worker script is; see {@link WorkerPoolOptions}).
 * @throws {@link InvalidArgumentError} on a bad worker count or option object.
 * @example
 * ```ts
 * await using pool = createWorkerPool({ workers: 2 });
 * const SA = await applySketchParallel(spec, A, { pool });
 * ```
 */
export function createWorkerPool(options: WorkerPoolOptions = {}): WorkerPool {
  const fn = 'createWorkerPool';
  if (options === null || typeof options !== 'object') throw new InvalidArgumentError(fn, `options must be an object (got ${fmt(options)})`);
  const size = options.workers === undefined ? defaultWorkerCount() : assertInt(fn, 'workers', options.workers, 1, 1024);
  let url: URL;
  if (options.workerUrl === undefined) url = new URL('./worker.js', import.meta.url);
  else if (options.workerUrl instanceof URL) url = options.workerUrl;
  else if (typeof options.workerUrl === 'string') {
    try {
      url = new URL(options.workerUrl);
    } catch {
      throw new InvalidArgumentError(fn, `workerUrl must be a URL such as file:///…/worker.js (got ${fmt(options.workerUrl)})`);
    }
  } else throw new InvalidArgumentError(fn, `workerUrl must be a URL or string (got ${fmt(options.workerUrl)})`);
  return new WorkerPool(size, url);
}
