/**
 * Checks that the chosen interpreter can run the server before the client starts, so a missing install (or a
 * Python the bundle has no libraries for) becomes one clear message instead of a crashing server.
 * Node-only (no `vscode` import).
 */

import { execFile } from 'node:child_process';
import { parseBundleCheck } from './launch';

export type ProbeResult =
    /** `note`: the bundled launcher falls back to the interpreter's own server, and why. */
    | { readonly kind: 'ok'; readonly note?: string }
    | { readonly kind: 'missing-module' }
    /** The bundle has nothing for this interpreter and the interpreter has no server: the launcher's message. */
    | { readonly kind: 'no-bundle'; readonly detail: string }
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

/** Runs `<python> <launcher> --check` (the `useBundled` strategy) with a timeout and classifies the outcome. */
export function probeBundled(python: string, probeArgs: readonly string[], timeoutMs: number, env?: NodeJS.ProcessEnv): Promise<ProbeResult> {
    return new Promise((resolve) => {
        execFile(python, [...probeArgs], { timeout: timeoutMs, windowsHide: true, env: env ?? process.env }, (error, stdout, stderr) => {
            resolve(classifyBundleCheck(error, stdout, stderr));
        });
    });
}

/** Exported for tests: maps the launcher's `--check` outcome to a ProbeResult. */
export function classifyBundleCheck(error: ExecFailure | null, stdout: string, stderr: string): ProbeResult {
    const check = parseBundleCheck(stdout);
    if (check?.ok) {
        return check.source === 'environment' && check.message ? { kind: 'ok', note: check.message } : { kind: 'ok' };
    }
    if (check) {
        return { kind: 'no-bundle', detail: check.message };
    }
    if (!error) {
        return { kind: 'import-error', detail: 'the bundled launcher printed no result' };
    }
    return classifyFailure(error, stderr, 'backend_organizer');
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
