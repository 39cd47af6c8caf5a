/** Reads the `backendOrganizer.*` settings and builds the server's initializationOptions. */

import * as vscode from 'vscode';
import { CONFIG_SECTION } from './constants';
import { parseImportStrategy, type ImportStrategy } from './launch';

export interface Settings {
    /** Raw `backendOrganizer.interpreter`; empty means "ask the Python extension, else python3". */
    readonly interpreter: string;
    /** `backendOrganizer.config`: same shape as `[tool.backend-organizer]`, passed through unchanged. */
    readonly config: Record<string, unknown>;
    /** `backendOrganizer.importStrategy`: the server bundled in the extension, or the interpreter's own. */
    readonly importStrategy: ImportStrategy;
}

/** Settings whose change needs a new server process (trace.server is applied live by the client). */
const RESTART_KEYS = ['interpreter', 'config', 'importStrategy'].map((key) => `${CONFIG_SECTION}.${key}`);

export function readSettings(): Settings {
    const cfg = vscode.workspace.getConfiguration(CONFIG_SECTION);
    const config = cfg.get<unknown>('config');
    return {
        interpreter: cfg.get<string>('interpreter') ?? '',
        config: typeof config === 'object' && config !== null && !Array.isArray(config) ? { ...config } : {},
        importStrategy: parseImportStrategy(cfg.get<unknown>('importStrategy')),
    };
}

export function needsRestart(event: vscode.ConfigurationChangeEvent): boolean {
    return RESTART_KEYS.some((key) => event.affectsConfiguration(key));
}

/** The extension reports organize results itself, so the server's own result messages are turned off. */
export function initializationOptions(settings: Settings): { config: Record<string, unknown>; resultMessages: boolean } {
    return { config: settings.config, resultMessages: false };
}

/** First workspace folder: the language server's root. */
export function primaryWorkspaceFolder(): vscode.WorkspaceFolder | undefined {
    return vscode.workspace.workspaceFolders?.[0];
}

export function openInterpreterSetting(): Thenable<unknown> {
    return vscode.commands.executeCommand('workbench.action.openSettings', `${CONFIG_SECTION}.interpreter`);
}
