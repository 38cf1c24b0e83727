import type { Queryable } from './store.ts';

/** A store holds real data or a simulated league, never both (00-decisions). */
export type StoreKind = 'real' | 'simulated';

export async function getMeta(store: Queryable, key: string): Promise<string | null> {
  const rows = await store.query<{ value: string }>('SELECT value FROM store_meta WHERE key = $1', [key]);
  return rows[0]?.value ?? null;
}

export async function setMeta(store: Queryable, key: string, value: string): Promise<void> {
  await store.run(
    'INSERT INTO store_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    [key, value],
  );
}

export async function getStoreKind(store: Queryable): Promise<StoreKind | null> {
  return (await getMeta(store, 'kind')) as StoreKind | null;
}

/**
 * Marks the store real or simulated the first time data arrives; refuses to mix the two.
 * Real importers call it with 'real', the simulator with 'simulated'.
 */
export async function claimStoreKind(store: Queryable, kind: StoreKind): Promise<void> {
  const current = await getStoreKind(store);
  if (current && current !== kind) {
    throw new Error(
      `this store holds ${current} data; ${kind} data cannot be added to it (use another --store)`,
    );
  }
  if (!current) await setMeta(store, 'kind', kind);
}
