// Hash-based routing (#/exam, #/unit/candidates), so the server needs no fallback route and a
// reload always returns to the same screen.
import { useEffect, useState } from 'react';

/** Returns the current route path, e.g. "/unit/candidates", and follows hash changes. */
export function useRoute(): string {
  const [route, setRoute] = useState(readRoute);

  useEffect(() => {
    const onChange = () => setRoute(readRoute());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);

  return route;
}

function readRoute(): string {
  const hash = window.location.hash.replace(/^#/, '');
  return hash === '' ? '/' : hash;
}

export function navigate(path: string): void {
  window.location.hash = path;
}
