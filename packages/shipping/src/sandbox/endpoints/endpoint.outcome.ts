/** What an iCarry endpoint handler decided: a JSON answer, or no answer at all (the hang fault). */
export type ApiOutcome = { kind: 'json'; json: Record<string, unknown> } | { kind: 'hang' };

export function fail(error: string): ApiOutcome {
  return { kind: 'json', json: { success: 0, error } };
}

export function ok(json: Record<string, unknown>): ApiOutcome {
  return { kind: 'json', json };
}
