// Loads one API resource for a screen and reloads it on request.
import { useCallback, useEffect, useState } from 'react';

export function useApi<T>(load: () => Promise<T>, deps: unknown[]): { data: T | null; error: unknown; reload: () => void } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [count, setCount] = useState(0);

  useEffect(() => {
    let cancelled = false;
    load().then(
      (value) => {
        if (!cancelled) {
          setData(value);
          setError(null);
        }
      },
      (caught: unknown) => {
        if (!cancelled) setError(caught);
      },
    );
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, count]);

  const reload = useCallback(() => setCount((n) => n + 1), []);
  return { data, error, reload };
}
