/**
 * Worker entry for `createWorkerPool`: receives `{ id, task }`, runs it with
 * {@link runTask} (pure compute, no Node API) and replies `{ id, ok: true, value }` with the
 * result buffers transferred, or `{ id, ok: false, error }` with the error as plain data. This
 * file is the only Node-specific part of a worker; it must be loaded as compiled JavaScript
 * (`dist/parallel/worker.js`).
 *
 * @internal
 * @module
 */
import { parentPort } from 'node:worker_threads';
import { errorToWire, runTask, type Task } from './tasks.js';

const port = parentPort;
if (port === null) throw new Error('randnla/parallel: worker.js must be started as a worker thread');

port.on('message', (msg: { id: number; task: Task }) => {
  let reply: { id: number; ok: boolean; value?: unknown; error?: unknown };
  let transfer: ArrayBuffer[] = [];
  try {
    const r = runTask(msg.task);
    reply = { id: msg.id, ok: true, value: r.value };
    transfer = r.transfer;
  } catch (e) {
    reply = { id: msg.id, ok: false, error: errorToWire(e) };
  }
  port.postMessage(reply, transfer);
});
