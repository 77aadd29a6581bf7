/**
 * Failures of the shared stores at start, and how their addresses appear in messages.
 *
 *   throw new SharedStoreError(`Redis at ${safeUrl(url)} is unreachable (…)`);
 */

/** A shared store is configured but cannot be used: the replica refuses to start (one line, no stack). */
export class SharedStoreError extends Error {
  readonly code = 'E_SHARED';
}

/** `scheme://host:port/path` of a connection URL, without user, password or query (safe to log). */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return '(unparsable URL)';
  }
}

/** The password in a connection URL (decoded), to register with the logger's redaction; undefined if none. */
export function urlPassword(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}
