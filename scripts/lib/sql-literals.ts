/** SQLite literals, for the two ways of sending statements without bound parameters. */

export type Value = string | number | null;

/** A value as an SQLite literal: strings quoted with '' doubled, numbers as written, NULL. */
export function sqlLiteral(value: Value): string {
  if (value === null) return "NULL";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`sqlLiteral: not a finite number: ${value}`);
    return String(value);
  }
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * A literal that fits on one line (D1's exec() takes one statement per line): line breaks become
 * char(10) and char(13) joined with ||, which SQLite reads back as the same text.
 */
export function sqlLineLiteral(value: Value): string {
  const literal = sqlLiteral(value);
  return typeof value === "string"
    ? literal.replace(/\r/g, "' || char(13) || '").replace(/\n/g, "' || char(10) || '")
    : literal;
}

/** A statement with its ?N parameters replaced by literals (never inside a string: ours have none). */
export function inlineParameters(
  sql: string,
  params: readonly Value[],
  literal: (value: Value) => string = sqlLiteral,
): string {
  return sql.replace(/\?(\d+)/g, (_, index: string) => {
    const value = params[Number(index) - 1];
    if (value === undefined) throw new Error(`inlineParameters: no parameter ?${index} in ${sql}`);
    return literal(value);
  });
}
