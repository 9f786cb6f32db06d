/** The one place the reliability suite reads its size knob: `STRESS=1` runs the full sizes. */
export const STRESS = process.env.STRESS === '1' || process.env.STRESS === 'true';

export function size(normal: number, stress: number): number {
  return STRESS ? stress : normal;
}
