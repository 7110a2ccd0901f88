// What of package-lock.json a piece of code depends on: the packages it imports and every
// package those depend on in turn, each at the place npm installs it. rendererVersion hashes
// these rather than the whole lock file, so that a tool added for tests or benchmarks (which
// no page runs) does not make every page a release again: at a million entries that is about
// 50 minutes of rendering.

interface LockedPackage {
  version?: unknown;
  resolved?: unknown;
  integrity?: unknown;
  link?: unknown;
  dependencies?: unknown;
  optionalDependencies?: unknown;
  peerDependencies?: unknown;
}

/** A bare module specifier's package: `zod/v4` → zod, `@scope/pkg/x` → @scope/pkg, `astro:assets` → astro. */
export function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  return name.split(':')[0]!;
}

/**
 * Where npm's resolution finds `name` for the package installed at `from` ('' for the
 * project): its own node_modules, then each enclosing one up to the top.
 */
function resolve(packages: Record<string, LockedPackage>, from: string, name: string): string | null {
  let base = from;
  for (;;) {
    const place = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (Object.hasOwn(packages, place)) return place;
    if (!base) return null;
    const at = base.lastIndexOf('/node_modules/');
    base = at < 0 ? '' : base.slice(0, at);
  }
}

function namesOf(field: unknown): string[] {
  return field && typeof field === 'object' ? Object.keys(field) : [];
}

/**
 * The lock file's lines for `roots` and everything they depend on (dependencies, optional and
 * peer dependencies: npm installs peers), sorted: `place version integrity`. A root or an
 * optional dependency the lock does not hold is named as missing, so that adding it later
 * changes the lines. Null when the lock is not of the shape npm 7 and later write (lockfile
 * version 2 or 3): the caller then hashes the whole file.
 */
export function lockedClosure(lock: unknown, roots: Iterable<string>): string[] | null {
  if (!lock || typeof lock !== 'object') return null;
  const { lockfileVersion, packages } = lock as { lockfileVersion?: unknown; packages?: unknown };
  if (typeof lockfileVersion !== 'number' || lockfileVersion < 2 || !packages || typeof packages !== 'object') return null;
  const all = packages as Record<string, LockedPackage>;
  const lines = new Set<string>();
  const seen = new Set<string>();
  const queue: { from: string; name: string }[] = [...new Set(roots)].map((name) => ({ from: '', name }));
  while (queue.length) {
    const { from, name } = queue.pop()!;
    const place = resolve(all, from, name);
    if (!place) {
      lines.add(`${name} missing`);
      continue;
    }
    if (seen.has(place)) continue;
    seen.add(place);
    const entry = all[place]!;
    lines.add(`${place} ${String(entry.version)} ${String(entry.integrity ?? entry.resolved ?? '')}${entry.link ? ' link' : ''}`);
    for (const field of [entry.dependencies, entry.optionalDependencies, entry.peerDependencies]) {
      for (const dependency of namesOf(field)) queue.push({ from: place, name: dependency });
    }
  }
  return [...lines].sort();
}
