// Same-origin fetches of the published JSON. One hook gives every page the same three states
// (loading, ok, error with retry), so a failed fetch is a banner, never a blank page.
import { useCallback, useEffect, useState } from 'preact/hooks';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly path: string,
  ) {
    super(status === 0 ? `could not reach the server for ${path}` : `${path} answered ${status}`);
  }
}

const TOKEN_KEY = 'courtedge.adminToken';

/** The admin token lives in sessionStorage only (gone with the tab; cleared on any 401). */
export const adminToken = {
  get: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set: (t: string) => sessionStorage.setItem(TOKEN_KEY, t),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

export async function getJson<T>(path: string, opts: { admin?: boolean } = {}): Promise<T> {
  return request<T>('GET', path, undefined, opts.admin ?? false);
}

export async function request<T>(method: string, path: string, body: unknown, admin: boolean): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (admin) {
    const t = adminToken.get();
    if (t) headers.authorization = `Bearer ${t}`;
  }
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new HttpError(0, path);
  }
  if (res.status === 401 && admin) adminToken.clear();
  const text = await res.text();
  if (!res.ok) {
    const err = new HttpError(res.status, path);
    try {
      (err as HttpError & { body?: unknown }).body = JSON.parse(text);
    } catch {}
    throw err;
  }
  return JSON.parse(text) as T;
}

export type Load<T> =
  | { state: 'loading'; retry: () => void }
  | { state: 'ok'; data: T; retry: () => void }
  | { state: 'error'; error: Error; retry: () => void };

/** Fetches `path` (null: not yet) and refetches on retry or when the path changes. */
export function useJson<T>(path: string | null, opts: { admin?: boolean; key?: unknown } = {}): Load<T> {
  const [n, setN] = useState(0);
  const retry = useCallback(() => setN((x) => x + 1), []);
  const [load, setLoad] = useState<Load<T>>({ state: 'loading', retry });
  useEffect(() => {
    if (path === null) return;
    let live = true;
    setLoad((l) => (l.state === 'ok' ? l : { state: 'loading', retry }));
    getJson<T>(path, { admin: opts.admin }).then(
      (data) => live && setLoad({ state: 'ok', data, retry }),
      (error: Error) => live && setLoad({ state: 'error', error, retry }),
    );
    return () => {
      live = false;
    };
  }, [path, n, opts.key]);
  return load;
}
