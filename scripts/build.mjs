// `npm run build`: bundles the production entry (functions/index.ts, which imports every function file)
// into dist/index.js, the file package.json "main" names and the Functions host loads, and writes the
// OpenAPI document that GET /v1/openapi.json serves next to it (openapi.json, which the deploy imports
// into API Management).
//
//   node scripts/build.mjs                    → dist/index.js (+ index.js.map, meta.json, redoc.standalone.js), dist/openapi.json
//   node scripts/build.mjs --outdir <dir>     → <dir>/index.js, <dir>/openapi.json, <dir>/redoc.standalone.js (the build test uses a temp folder)
//   node scripts/build.mjs --package <dir>    → a deployable folder: <dir>/dist, host.json, package.json
//                                               (deploy.yml then adds the production node_modules)
//
// Our workspace packages (@korevitta/*) are bundled: their package exports point at .ts sources that
// Node cannot load. Every other bare import (npm dependencies, node: built-ins) stays external and is
// resolved from node_modules at run time: native addons (@node-rs/argon2), WASM (PGlite) and
// @azure/functions (which talks to the worker through `@azure/functions-core`) must not be inlined.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.join(root, 'functions', 'index.ts');
const WORKSPACE_SCOPE = '@korevitta/';

const { values: args } = parseArgs({
  options: {
    outdir: { type: 'string' },
    package: { type: 'string' },
    quiet: { type: 'boolean', default: false },
  },
  strict: true,
});

/** The package name of a bare specifier: `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
const packageNameOf = (specifier) => {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
};

const isBare = (specifier) => !specifier.startsWith('.') && !path.isAbsolute(specifier);
const isBuiltin = (specifier) => specifier.startsWith('node:');

/** Keeps every npm package external; lets esbuild resolve and bundle @korevitta/* sources. */
const externalizeNpmPackages = {
  name: 'externalize-npm-packages',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (a) => {
      if (a.kind === 'entry-point' || !isBare(a.path)) return undefined;
      if (a.path.startsWith(WORKSPACE_SCOPE)) return undefined;
      return { path: a.path, external: true };
    });
  },
};

async function bundle(outdir, { writeMeta = true } = {}) {
  if (!existsSync(entry)) {
    throw new Error(`build: ${path.relative(root, entry)} is missing (the production entry that imports every function file)`);
  }
  await rm(outdir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: { index: entry },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    sourcesContent: false,
    keepNames: true, // error class names and stack traces stay readable in Application Insights
    metafile: true,
    logLevel: args.quiet ? 'error' : 'warning',
    plugins: [externalizeNpmPackages],
    // A bundled CommonJS helper that calls require() (or reads __dirname) still works in the ESM output.
    banner: {
      js: [
        "import { createRequire as __kvCreateRequire } from 'node:module';",
        "import { fileURLToPath as __kvFileURLToPath } from 'node:url';",
        "import { dirname as __kvDirname } from 'node:path';",
        'const require = __kvCreateRequire(import.meta.url);',
        'const __filename = __kvFileURLToPath(import.meta.url);',
        'const __dirname = __kvDirname(__filename);',
      ].join('\n'),
    },
  });

  const externals = new Set();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const imp of output.imports) {
      if (!imp.external) continue;
      if (imp.path.startsWith(WORKSPACE_SCOPE)) {
        throw new Error(`build: ${imp.path} was left external; workspace packages must be bundled`);
      }
      if (isBare(imp.path) && !isBuiltin(imp.path)) externals.add(packageNameOf(imp.path));
    }
  }
  // The API reference's script (functions/http/platform/docs-script.ts) comes from the devDependency
  // `redoc`, which a production install lacks: it ships beside index.js, where that module looks first.
  await copyFile(createRequire(entry).resolve('redoc/bundles/redoc.standalone.js'), path.join(outdir, 'redoc.standalone.js'));
  // meta.json feeds bundle analysis (esbuild.github.io/analyze); the deploy package leaves it out.
  if (writeMeta) await writeFile(path.join(outdir, 'meta.json'), JSON.stringify(result.metafile));
  return { externals: [...externals].sort(), metafile: result.metafile };
}

/**
 * The OpenAPI document, built from the same function table and version as GET /v1/openapi.json
 * (functions/http/platform/openapi-document.ts; tests/static/build.test.ts compares the two). A small
 * entry is bundled like the production one and run once; it lives under node_modules/.cache so that its
 * external imports resolve from this repository's node_modules.
 */
async function writeOpenApiDocument(file) {
  const cacheDir = path.join(root, 'node_modules', '.cache');
  await mkdir(cacheDir, { recursive: true });
  const dir = await mkdtemp(path.join(cacheDir, 'korevitta-openapi-'));
  try {
    const script = path.join(dir, 'openapi.mjs');
    await build({
      absWorkingDir: root,
      stdin: {
        contents: [
          "import { allFunctions } from './functions/index.ts';",
          "import { buildOpenApiDocument, publishedHttpDefinitions } from '@korevitta/platform';",
          "import pkg from './package.json' with { type: 'json' };",
          'export const document = buildOpenApiDocument(allFunctions, { version: pkg.version });',
          'export const operations = publishedHttpDefinitions(allFunctions).length;',
        ].join('\n'),
        resolveDir: root,
        sourcefile: 'openapi-entry.ts',
        loader: 'ts',
      },
      outfile: script,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'error',
      plugins: [externalizeNpmPackages],
      banner: { js: "import { createRequire as __kvCreateRequire } from 'node:module'; const require = __kvCreateRequire(import.meta.url);" },
    });
    const { document, operations } = await import(pathToFileURL(script).href);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, `${JSON.stringify(document, null, 2)}\n`);
    return operations;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The installed version of each external package (from the lockfile install), for package.json. */
async function installedVersions(names) {
  const require = createRequire(entry);
  const deps = {};
  for (const name of names) {
    let version;
    try {
      const manifest = require.resolve(`${name}/package.json`);
      version = JSON.parse(await readFile(manifest, 'utf8')).version;
    } catch {
      // Packages whose exports hide package.json: walk node_modules by hand.
      const manifest = path.join(root, 'node_modules', name, 'package.json');
      if (!existsSync(manifest)) throw new Error(`build: external package ${name} is not installed`);
      version = JSON.parse(await readFile(manifest, 'utf8')).version;
    }
    deps[name] = version;
  }
  return deps;
}

async function assemblePackage(dir) {
  const target = path.resolve(dir);
  await rm(target, { recursive: true, force: true });
  await mkdir(target, { recursive: true });
  const { externals } = await bundle(path.join(target, 'dist'), { writeMeta: false });
  await writeOpenApiDocument(path.join(target, 'dist', 'openapi.json'));
  const rootManifest = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
  const manifest = {
    name: rootManifest.name,
    version: rootManifest.version,
    private: true,
    type: 'module',
    main: 'dist/index.js',
    engines: rootManifest.engines,
    // Informational: deploy.yml copies node_modules from `npm ci --omit=dev` (the lockfile's versions).
    dependencies: await installedVersions(externals),
  };
  await writeFile(path.join(target, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await copyFile(path.join(root, 'host.json'), path.join(target, 'host.json'));
  return { target, externals };
}

try {
  const started = Date.now();
  if (args.package) {
    const { target, externals } = await assemblePackage(args.package);
    if (!args.quiet) {
      console.log(`build: package assembled in ${path.relative(root, target) || target} (${Date.now() - started} ms)`);
      console.log(`build: external packages: ${externals.join(', ')}`);
    }
  } else {
    const outdir = path.resolve(root, args.outdir ?? 'dist');
    const { externals } = await bundle(outdir);
    const operations = await writeOpenApiDocument(path.join(outdir, 'openapi.json'));
    if (!args.quiet) {
      console.log(`build: ${path.relative(root, path.join(outdir, 'index.js'))} (${Date.now() - started} ms)`);
      console.log(`build: ${path.relative(root, path.join(outdir, 'openapi.json'))} (${operations} operations)`);
      console.log(`build: external packages: ${externals.join(', ')}`);
    }
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
// The document's entry loads the function table, whose dependencies may hold handles open.
process.exit(0);
