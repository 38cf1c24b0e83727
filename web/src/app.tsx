import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { getJson } from './api.ts';
import { BestBetsPage } from './pages/best-bets.tsx';
import { usePath } from './router.ts';
import type { Health } from './types.ts';

// Best Bets is in the entry chunk; every other page (and uPlot with it) loads on demand, so
// the first load of `/` stays small.
type PageModule = { default: ComponentType<{ params: Record<string, string> }> };
const lazyPages: Record<string, () => Promise<PageModule>> = {
  history: () => import('./pages/history.tsx'),
  models: () => import('./pages/models.tsx'),
  player: () => import('./pages/player.tsx'),
  admin: () => import('./pages/admin.tsx'),
};

function route(path: string): { page: string; params: Record<string, string> } {
  const parts = path.replace(/\/+$/, '').split('/').filter(Boolean);
  if (parts.length === 0) return { page: 'bestbets', params: {} };
  if (parts[0] === 'player' && parts[1])
    return { page: 'player', params: { lookup: decodeURIComponent(parts[1]) } };
  if (parts.length === 1 && parts[0] in lazyPages) return { page: parts[0], params: {} };
  return { page: 'notfound', params: {} };
}

function Lazy({ name, params }: { name: string; params: Record<string, string> }) {
  const [mod, setMod] = useState<{ name: string; Page: PageModule['default'] } | null>(null);
  const [failed, setFailed] = useState<Error | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    setFailed(null);
    lazyPages[name]().then(
      (m) => live && setMod({ name, Page: m.default }),
      (e: Error) => live && setFailed(e),
    );
    return () => {
      live = false;
    };
  }, [name, attempt]);
  if (failed)
    return (
      <div class="error-banner" role="alert">
        <span>Could not load this page: {failed.message}.</span>
        <button type="button" onClick={() => setAttempt((a) => a + 1)}>
          Retry
        </button>
      </div>
    );
  if (!mod || mod.name !== name)
    return <div class="placeholder" style={{ minHeight: '480px' }} aria-busy="true" />;
  return <mod.Page params={params} />;
}

const NAV = [
  ['/', 'Best Bets', 'bestbets'],
  ['/history', 'History', 'history'],
  ['/models', 'Models', 'models'],
  ['/admin', 'Admin', 'admin'],
] as const;

export function App() {
  const path = usePath();
  const { page, params } = route(path);
  const [simulated, setSimulated] = useState(false);
  useEffect(() => {
    // The store's kind (00-decisions: a simulated store shows a badge) comes from /api/health.
    getJson<Health>('/api/health').then(
      (h) => setSimulated(h.store_kind === 'simulated' || h.simulated === true),
      () => {},
    );
  }, []);
  useEffect(() => {
    const titles: Record<string, string> = {
      bestbets: 'Best Bets',
      history: 'History',
      models: 'Models',
      player: 'Player',
      admin: 'Admin',
    };
    document.title = `${titles[page] ?? 'Not found'} · courtedge`;
  }, [page]);
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href="/">
          courtedge
        </a>
        {simulated && (
          <span
            class="badge-sim"
            title="These games, players and lines come from the simulated league, not the NBA"
          >
            simulated league
          </span>
        )}
        <nav aria-label="Pages">
          {NAV.map(([href, label, key]) => (
            <a key={href} href={href} aria-current={page === key ? 'page' : undefined}>
              {label}
            </a>
          ))}
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {page === 'bestbets' ? (
          <BestBetsPage />
        ) : page === 'notfound' ? (
          <section>
            <h1>Not found</h1>
            <p>
              No page at {path}. <a href="/">Back to today's best bets</a>.
            </p>
          </section>
        ) : (
          <Lazy name={page} params={params} />
        )}
      </main>
      <footer class="foot muted">
        Hit rate = wins / (wins + losses), with its 95% Wilson interval; break-even at −110 is 52.4%. Not
        betting advice.
      </footer>
    </>
  );
}
