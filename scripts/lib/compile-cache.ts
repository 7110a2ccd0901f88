// Preloaded by the publishing commands (package.json: `node --import ./scripts/lib/compile-cache.ts …`),
// before their modules are loaded: Node then keeps each module's compiled code, and a TypeScript
// module's code with its types stripped, by the file's content (in os.tmpdir()/node-compile-cache,
// or where NODE_COMPILE_CACHE says), so that `npm run delist` or `npm run build` loads its modules
// in about half the time (0.6 → 0.33 s of CPU for scripts/build.ts). A file that changed is
// compiled again, and nothing kept changes what runs.
//
// Only the publishing process. A stage it forks (scripts/lib/stage.ts) inherits this preload with
// its flags, but has an IPC channel to its parent and leaves the cache off: Astro's process loads
// the site's server chunks from a folder named by its process id (scripts/stages/astro.ts), so the
// cache would gain about 40 files (0.5 MB) a publication that no later one uses, and never shrink.
import module from 'node:module';

if (!process.send) module.enableCompileCache?.();
