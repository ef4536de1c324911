/** UTC, whole seconds: the form every stored date has, so that dates compare as strings. */
export function toUtcIso(dateTime: string | number | Date): string {
  return `${new Date(dateTime).toISOString().slice(0, 19)}Z`;
}
