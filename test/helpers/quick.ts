/**
 * `npm test` runs the slow statistical checks in quick mode (fewer trials, same bounds and the
 * same false-alarm levels); `npm run test:full` (RANDNLA_FULL=1) runs them at full size.
 */
export const QUICK = process.env.RANDNLA_FULL !== '1';

/** `quick` trials in quick mode, `full` otherwise. */
export function trials(full: number, quick: number): number {
  return QUICK ? quick : full;
}
