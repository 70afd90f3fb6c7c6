/**
 * What JSON would carry: undefined fields dropped, class instances flattened. Results leave the API in
 * this shape so the two transports (structured clone over IPC, JSON over HTTP) cannot differ.
 */
export function plainJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
