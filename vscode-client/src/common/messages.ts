/** User-facing texts derived from server results and interpreter checks. Pure (no `vscode` import). */

import type { ProbeResult } from './probe';

export type Level = 'info' | 'warning' | 'error';

export interface Notice {
    readonly level: Level;
    readonly message: string;
}

/** Result of the server command `backendOrganizer.organize`. */
export interface OrganizeResult {
    readonly applied: boolean;
    readonly moves: number;
    readonly edits: number;
    readonly failureReason: string | null;
}

export function isOrganizeResult(value: unknown): value is OrganizeResult {
    if (typeof value !== 'object' || value === null) {
        return false;
    }
    const v = value as Record<string, unknown>;
    return (
        typeof v.applied === 'boolean' &&
        typeof v.moves === 'number' &&
        typeof v.edits === 'number' &&
        (v.failureReason === null || v.failureReason === undefined || typeof v.failureReason === 'string')
    );
}

function plural(count: number, word: string): string {
    return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** What to tell the user after the organize command returned `value`. */
export function organizeNotice(value: unknown): Notice {
    if (!isOrganizeResult(value)) {
        return { level: 'error', message: `The server returned an unexpected result: ${JSON.stringify(value)}` };
    }
    if (value.applied) {
        if (value.moves === 0 && value.edits === 0) {
            return { level: 'info', message: 'Backend is already organized: nothing to move.' };
        }
        return {
            level: 'info',
            message: `Backend organized: moved ${plural(value.moves, 'file')}, updated ${plural(value.edits, 'reference')}. Save all files to keep the edits.`,
        };
    }
    if (value.failureReason) {
        return { level: 'warning', message: `Backend not organized: ${value.failureReason}` };
    }
    return { level: 'info', message: 'Backend organization was cancelled; no files were changed.' };
}

/**
 * The single notification shown when the server cannot be started with `python`. `bundled`: the server comes
 * from the extension (importStrategy useBundled), so the interpreter only has to be a supported Python.
 */
export function probeFailureMessage(result: ProbeResult, python: string, install: string, timeoutMs: number, bundled = false): string {
    switch (result.kind) {
        case 'ok':
            return '';
        case 'no-bundle':
            return result.detail;
        case 'missing-module':
            return `backend-organizer is not installed for the Python interpreter ${python}. Install it with: ${install}`;
        case 'interpreter-not-found':
            return bundled
                ? `The Python interpreter "${python}" was not found. Set "backendOrganizer.interpreter" to a Python 3.11 or newer.`
                : `The Python interpreter "${python}" was not found. Set "backendOrganizer.interpreter" to a Python that has backend-organizer installed (${install}).`;
        case 'timeout':
            return `Checking backend-organizer with ${python} timed out after ${Math.round(timeoutMs / 1000)} s. Check "backendOrganizer.interpreter".`;
        case 'import-error':
            return bundled
                ? `The bundled backend-organizer could not be started with ${python} (${result.detail}).`
                : `backend-organizer could not be imported with ${python} (${result.detail}). Reinstall it with: ${install}`;
    }
}
