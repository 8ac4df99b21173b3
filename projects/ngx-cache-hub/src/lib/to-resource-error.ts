/** An `Error` for a resource's `error` signal: errors and error-like objects (HttpErrorResponse) as they are, anything else wrapped. */
export function toResourceError(error: unknown): Error | undefined {
  if (error == null) return undefined;
  if (error instanceof Error) return error;
  const like = error as { name?: unknown; message?: unknown };
  if (typeof error === 'object' && typeof like.name === 'string' && typeof like.message === 'string') return error as Error;
  return new Error(String(error), { cause: error });
}
