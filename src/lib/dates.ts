/** An absolute time, readable without JavaScript and the same in every locale ("Tue, 06 Aug 2024 09:30 GMT"). */
export function readableTime(iso: string): string {
  return new Date(iso).toUTCString().replace(/:\d\d GMT$/, " GMT");
}

/** UTC, whole seconds: the form every stored date has, so that dates compare as strings. */
export function toUtcIso(dateTime: string | number | Date): string {
  return `${new Date(dateTime).toISOString().slice(0, 19)}Z`;
}
