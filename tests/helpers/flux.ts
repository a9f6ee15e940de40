import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from './data.ts';

/**
 * InfluxData's Flux parser (the Rust flux-lsp compiled to WebAssembly, npm
 * @influxdata/flux-lsp-browser). Its JS glue is written for a bundler (`import * as wasm from
 * './…wasm'`, circular with the glue), so here the glue is loaded as a module with that import
 * replaced by a setter, and the .wasm is instantiated against it by hand.
 */
export interface FluxParser {
  /** The AST of a Flux script; syntax errors are reported inside it (`errors` arrays on nodes). */
  parse(script: string): FluxNode;
}

export interface FluxNode {
  readonly type?: string;
  readonly errors?: readonly { msg: string }[];
  readonly [key: string]: unknown;
}

let loaded: Promise<FluxParser> | undefined;

export function loadFluxParser(): Promise<FluxParser> {
  loaded ??= (async () => {
    const dir = join(PROJECT_ROOT, 'node_modules/@influxdata/flux-lsp-browser');
    let glue = readFileSync(join(dir, 'flux-lsp-browser_bg.js'), 'utf8');
    const wasmImport = "import * as wasm from './flux-lsp-browser_bg.wasm';";
    const cacheInit =
      'cachedInt32Memory0 = new Int32Array(wasm.memory.buffer);\ncachedUint8Memory0 = new Uint8Array(wasm.memory.buffer);';
    if (!glue.includes(wasmImport) || !glue.includes(cacheInit))
      throw new Error('flux-lsp-browser: unexpected glue code; update tests/helpers/flux.ts for this version');
    glue = glue
      .replace(wasmImport, 'let wasm;')
      .replace(cacheInit, `export function __gaitdSetWasm(exports) {\n  wasm = exports;\n  ${cacheInit}\n}`);
    const file = join(mkdtempSync(join(tmpdir(), 'gaitd-flux-')), 'flux-glue.mjs');
    writeFileSync(file, glue);
    const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown> & {
      __gaitdSetWasm(exports: WebAssembly.Exports): void;
      parse(script: string): FluxNode;
    };
    const { instance } = await WebAssembly.instantiate(readFileSync(join(dir, 'flux-lsp-browser_bg.wasm')), {
      './flux-lsp-browser_bg.js': mod as unknown as WebAssembly.ModuleImports,
    });
    mod.__gaitdSetWasm(instance.exports);
    return { parse: (script) => mod.parse(script) };
  })();
  return loaded;
}

/** Every syntax error anywhere in the AST: error lists and the Bad* nodes the parser recovers with. */
export function fluxErrors(node: unknown): string[] {
  const out: string[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const node = n as FluxNode;
      if (Array.isArray(node.errors))
        for (const e of node.errors) out.push(typeof e === 'string' ? e : JSON.stringify(e));
      // The parser recovers from a bad token with a Bad* node (BadExpression, BadStatement).
      if (typeof node.type === 'string' && node.type.startsWith('Bad')) out.push(`${node.type}: ${String(node.text)}`);
      for (const v of Object.values(n)) walk(v);
    }
  };
  walk(node);
  return out;
}
