/**
 * What the Hub's 400 for a refused `expand=` value says. Its message reads
 * `"expand[3]" must be one of [author, cardData, ...]`: the index of the first value it refused and the
 * values it accepts on that endpoint (the listing accepts fewer than model info: no `baseModels`,
 * `usedStorage` or `childrenModelCount`).
 */

export interface ExpandRefusal {
  /** The values the server says it accepts, when its message lists them. */
  accepted: ReadonlySet<string> | null;
  /** The index (into the values we sent) of the one it refused, when its message names it. */
  refusedIndex: number | null;
}

export function parseExpandRefusal(message: string): ExpandRefusal {
  const index = /"?expand(?:\[\])?\[(\d+)\]"?/.exec(message);
  const list = /must be one of \[([^\]]*)\]/.exec(message);
  const accepted =
    list === null
      ? null
      : new Set(
          (list[1] ?? '')
            .split(',')
            .map((value) => value.trim().replace(/^["']|["']$/g, ''))
            .filter((value) => value !== ''),
        );
  return {
    accepted: accepted !== null && accepted.size > 0 ? accepted : null,
    refusedIndex: index === null ? null : Number(index[1]),
  };
}

/** The values of `asked` the refusal rules out (empty when the message says nothing usable). */
export function refusedExpandValues(asked: readonly string[], refusal: ExpandRefusal): string[] {
  if (refusal.accepted !== null) return asked.filter((value) => !refusal.accepted?.has(value));
  const named = refusal.refusedIndex === null ? undefined : asked[refusal.refusedIndex];
  return named === undefined ? [] : [named];
}
