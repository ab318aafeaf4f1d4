/**
 * Errors of the command-line tool and how each kind of failure is reported.
 *
 * | failure | message | exit code |
 * |---|---|---|
 * | bad command line (unknown option, bad value, unknown file extension) | `randnla: <message>` | 2 |
 * | a {@link RandNLAError} from the library (bad data, bad parameters) | `randnla: <message>` | 1 |
 * | a {@link CliError} (a vector file holding a matrix, a replay that differs, …) | `randnla: <message>` | 1 |
 * | a file-system error (missing file, permission) | `randnla: cannot <op> '<path>': <reason>` | 1 |
 * | anything else (a bug) | the stack trace | 70 |
 *
 * @module
 */
import { RandNLAError } from '../core/errors.js';

/** A bad command line: exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** An expected failure found by the CLI itself (not by the library): exit code 1. */
export class CliError extends Error {
  override readonly name = 'CliError';
}

/** Exit code of a usage error. */
export const EXIT_USAGE = 2;
/** Exit code of an expected failure (bad data, failed check). */
export const EXIT_FAILURE = 1;
/** Exit code of an internal error (sysexits EX_SOFTWARE). */
export const EXIT_INTERNAL = 70;

const FS_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  EEXIST: 'file exists',
  ENOSPC: 'no space left on device',
  EMFILE: 'too many open files',
};

const FS_OPS: Readonly<Record<string, string>> = { open: 'open', read: 'read', write: 'write', scandir: 'read directory', mkdir: 'create directory', stat: 'read' };

interface SystemErrorLike {
  code: string;
  syscall?: string;
  path?: string;
  message: string;
}

function isSystemError(e: unknown): e is SystemErrorLike {
  return e instanceof Error && typeof (e as { code?: unknown }).code === 'string' && typeof (e as { syscall?: unknown }).syscall === 'string';
}

/**
 * The one-line message and exit code of an expected failure, or null for an unexpected one
 * (which the CLI reports with its stack trace).
 */
export function classifyError(e: unknown): { message: string; exitCode: number } | null {
  if (e instanceof UsageError) return { message: e.message, exitCode: EXIT_USAGE };
  if (e instanceof RandNLAError || e instanceof CliError) return { message: oneLine(e.message), exitCode: EXIT_FAILURE };
  if (isSystemError(e)) {
    const reason = FS_REASONS[e.code] ?? e.code;
    const op = FS_OPS[e.syscall ?? ''] ?? e.syscall ?? 'access';
    const message = e.path !== undefined ? `cannot ${op} '${e.path}': ${reason}` : `${e.syscall}: ${reason}`;
    return { message, exitCode: EXIT_FAILURE };
  }
  return null;
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ');
}
