/**
 * `promise`, or a rejection with `timeoutError()` once `ms` have passed; the timer is cleared as
 * soon as either settles. The timer never holds the process open by itself: what is awaited (a
 * socket, a request) does while it matters.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, timeoutError: () => Error = () => new Error(`no answer within ${ms} ms`)): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeoutError()), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
