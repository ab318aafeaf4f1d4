/** True when the suite runs in quick mode (CI): slow statistical checks use fewer trials. */
export const QUICK = process.env.RANDNLA_QUICK === '1';

/** `quick` trials in quick mode, `full` otherwise. */
export function trials(full: number, quick: number): number {
  return QUICK ? quick : full;
}
