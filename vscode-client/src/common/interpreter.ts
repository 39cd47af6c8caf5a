/**
 * Which Python runs the server, and how to tell the user to install the server into it.
 * Pure functions (no `vscode` import) so they can be unit-tested with node:test.
 */

import * as os from 'node:os';
import * as path from 'node:path';

export type InterpreterSource = 'setting' | 'python-extension' | 'default';

export interface ResolvedInterpreter {
    /** Executable to spawn. */
    readonly command: string;
    /** Where it came from, for the log and for messages. */
    readonly source: InterpreterSource;
}

export interface InterpreterInputs {
    /** Value of `backendOrganizer.interpreter` (may be empty). */
    readonly setting: string | undefined;
    /** Active interpreter reported by the Python extension, if it is installed. */
    readonly pythonExtension: string | undefined;
    /** First workspace folder, for `${workspaceFolder}` and relative paths. */
    readonly workspaceFolder: string | undefined;
    readonly platform?: NodeJS.Platform;
}

/** Default when neither the setting nor the Python extension names an interpreter. */
export function defaultInterpreter(platform: NodeJS.Platform = process.platform): string {
    return platform === 'win32' ? 'python' : 'python3';
}

/** Setting first, then the Python extension's active interpreter, then `python3`. */
export function resolveInterpreter(inputs: InterpreterInputs): ResolvedInterpreter {
    const setting = inputs.setting?.trim();
    if (setting) {
        return { command: expandPath(setting, inputs.workspaceFolder), source: 'setting' };
    }
    const fromExtension = inputs.pythonExtension?.trim();
    if (fromExtension) {
        return { command: fromExtension, source: 'python-extension' };
    }
    return { command: defaultInterpreter(inputs.platform), source: 'default' };
}

/**
 * Expands `${workspaceFolder}`, `${userHome}` and a leading `~`, and makes a relative path that contains a
 * separator absolute against the workspace folder. A bare name such as `python3` is left for PATH lookup.
 */
export function expandPath(value: string, workspaceFolder: string | undefined, home: string = os.homedir()): string {
    let result = value.replace(/\$\{userHome\}/g, home);
    if (workspaceFolder !== undefined) {
        result = result.replace(/\$\{workspaceFolder\}/g, workspaceFolder);
    }
    if (result === '~' || result.startsWith('~/') || result.startsWith('~\\')) {
        result = path.join(home, result.slice(1));
    }
    const hasSeparator = result.includes('/') || result.includes('\\');
    if (hasSeparator && !path.isAbsolute(result) && workspaceFolder !== undefined) {
        result = path.join(workspaceFolder, result);
    }
    return result;
}

/** Quotes one argument for a POSIX shell or cmd.exe, only when it needs it. */
export function quoteShellArg(arg: string, platform: NodeJS.Platform = process.platform): string {
    if (/^[A-Za-z0-9_@%+=:,./\\-]+$/.test(arg)) {
        return arg;
    }
    if (platform === 'win32') {
        return `"${arg.replace(/"/g, '""')}"`;
    }
    return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The exact command that installs the server package into `python`. */
export function installCommand(python: string, pkg: string, platform: NodeJS.Platform = process.platform): string {
    return `${quoteShellArg(python, platform)} -m pip install ${pkg}`;
}
