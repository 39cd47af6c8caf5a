/**
 * Checks that the chosen interpreter can import the server package before the client starts, so a missing
 * install becomes one clear message instead of a crashing server. Node-only (no `vscode` import).
 */

import { execFile } from 'node:child_process';

export type ProbeResult =
    | { readonly kind: 'ok' }
    | { readonly kind: 'missing-module' }
    | { readonly kind: 'interpreter-not-found'; readonly detail: string }
    | { readonly kind: 'timeout' }
    | { readonly kind: 'import-error'; readonly detail: string };

/** Runs `<python> -c "import <module>"` with a timeout and classifies the outcome. */
export function probeModule(python: string, module: string, timeoutMs: number, env?: NodeJS.ProcessEnv): Promise<ProbeResult> {
    return new Promise((resolve) => {
        execFile(
            python,
            ['-c', `import ${module}`],
            { timeout: timeoutMs, windowsHide: true, env: env ?? process.env },
            (error, _stdout, stderr) => {
                resolve(error ? classifyFailure(error, stderr, module) : { kind: 'ok' });
            },
        );
    });
}

interface ExecFailure {
    readonly code?: string | number | null;
    readonly killed?: boolean;
    readonly signal?: NodeJS.Signals | null;
    readonly message: string;
}

/** Exported for tests: maps an execFile failure to a ProbeResult. */
export function classifyFailure(error: ExecFailure, stderr: string, module: string): ProbeResult {
    if (error.code === 'ENOENT' || error.code === 'EACCES') {
        return { kind: 'interpreter-not-found', detail: error.code };
    }
    if (error.killed || error.signal === 'SIGTERM') {
        return { kind: 'timeout' };
    }
    const topLevel = module.split('.')[0];
    if (new RegExp(`No module named '${topLevel}'`).test(stderr)) {
        return { kind: 'missing-module' };
    }
    return { kind: 'import-error', detail: lastLine(stderr) || error.message };
}

function lastLine(text: string): string {
    const lines = text.trim().split(/\r?\n/);
    return lines[lines.length - 1]?.trim() ?? '';
}
