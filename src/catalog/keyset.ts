/**
 * Streams a large ordered query in batches (keyset pagination: `WHERE key > ? ORDER BY key LIMIT n`), so no
 * statement stays open between items. A caller may then await, or write to the same connection, between
 * items; better-sqlite3 refuses writes on a connection while an `.iterate()` is open.
 */
export function* keyset<Row>(fetch: (after: number) => Row[], keyOf: (row: Row) => number): Generator<Row> {
  let after = -1;
  for (;;) {
    const rows = fetch(after);
    yield* rows;
    const last = rows.at(-1);
    if (last === undefined) return;
    after = keyOf(last);
  }
}
