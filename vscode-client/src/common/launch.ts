/**
 * How the language server process is started, for each `backendOrganizer.importStrategy`:
 * - `useBundled` (default): `<python> <extension>/bundled/tool/lsp_server.py`, which runs the server from the
 *   libraries bundled in the .vsix for that Python (nothing needs to be installed);
 * - `fromEnvironment`: `<python> -m backend_organizer lsp`, the server installed in the interpreter.
 * Pure functions (no `vscode` import) so they can be unit-tested with node:test.
 */

import * as path from 'node:path';

export const IMPORT_STRATEGIES = ['useBundled', 'fromEnvironment'] as const;
export type ImportStrategy = (typeof IMPORT_STRATEGIES)[number];
export const DEFAULT_IMPORT_STRATEGY: ImportStrategy = 'useBundled';

export interface ServerLaunch {
    readonly strategy: ImportStrategy;
    readonly command: string;
    readonly args: readonly string[];
    /** What checks, before the start, that the server can run: `-c "import <module>"`, or the launcher's `--check`. */
    readonly probeArgs: readonly string[];
    /** For the log: the command line as one string. */
    readonly display: string;
}

/** The setting's value, or the default when it is missing or not one of the known strategies. */
export function parseImportStrategy(value: unknown): ImportStrategy {
    return IMPORT_STRATEGIES.find((strategy) => strategy === value) ?? DEFAULT_IMPORT_STRATEGY;
}

/** The bundled launcher inside the installed extension. */
export function bundledLauncher(extensionPath: string): string {
    return path.join(extensionPath, 'bundled', 'tool', 'lsp_server.py');
}

export function serverLaunch(python: string, strategy: ImportStrategy, extensionPath: string, module: string): ServerLaunch {
    if (strategy === 'fromEnvironment') {
        const args = ['-m', module, 'lsp'];
        return { strategy, command: python, args, probeArgs: ['-c', `import ${module}`], display: [python, ...args].join(' ') };
    }
    const launcher = bundledLauncher(extensionPath);
    return { strategy, command: python, args: [launcher], probeArgs: [launcher, '--check'], display: `${python} ${launcher}` };
}

/** The JSON line that `lsp_server.py --check` prints. */
export interface BundleCheck {
    readonly ok: boolean;
    /** `bundled`, `environment` (the bundle does not fit this Python, an installed server does) or null. */
    readonly source: 'bundled' | 'environment' | null;
    /** Why the bundle is not used (empty when it is). */
    readonly message: string;
    readonly python?: string;
    readonly version?: string;
    readonly location?: string;
}

/** Parses the last JSON line of the launcher's `--check` output; undefined when there is none. */
export function parseBundleCheck(stdout: string): BundleCheck | undefined {
    const line = stdout.trim().split(/\r?\n/).pop() ?? '';
    try {
        const value = JSON.parse(line) as unknown;
        if (typeof value !== 'object' || value === null) {
            return undefined;
        }
        const v = value as Record<string, unknown>;
        if (typeof v.ok !== 'boolean' || typeof v.message !== 'string') {
            return undefined;
        }
        const source = v.source === 'bundled' || v.source === 'environment' ? v.source : null;
        return {
            ok: v.ok,
            source,
            message: v.message,
            ...(typeof v.python === 'string' ? { python: v.python } : {}),
            ...(typeof v.version === 'string' ? { version: v.version } : {}),
            ...(typeof v.location === 'string' ? { location: v.location } : {}),
        };
    } catch {
        return undefined;
    }
}
