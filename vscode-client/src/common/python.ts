/**
 * The Python extension's active interpreter, read through its public API without a hard dependency
 * (no extensionDependencies, no npm package): the extension may be absent, inactive or an older version.
 */

import * as vscode from 'vscode';
import { resolveInterpreter, type ResolvedInterpreter } from './interpreter';
import { errorText, logWarning } from './logging';
import { primaryWorkspaceFolder, readSettings } from './settings';

const PYTHON_EXTENSION_ID = 'ms-python.python';

/** The parts of the ms-python.python API that are used here (environments API, with the older settings API as fallback). */
interface PythonExtensionApi {
    readonly environments?: {
        getActiveEnvironmentPath(resource?: vscode.Uri): { readonly path: string };
        resolveEnvironment(env: { readonly path: string }): Promise<{ readonly executable: { readonly uri?: vscode.Uri } } | undefined>;
        readonly onDidChangeActiveEnvironmentPath: vscode.Event<unknown>;
    };
    readonly settings?: {
        getExecutionDetails(resource?: vscode.Uri): { readonly execCommand: readonly string[] | undefined };
        readonly onDidChangeExecutionDetails?: vscode.Event<unknown>;
    };
}

async function pythonApi(): Promise<PythonExtensionApi | undefined> {
    const extension = vscode.extensions.getExtension<PythonExtensionApi>(PYTHON_EXTENSION_ID);
    if (!extension) {
        return undefined;
    }
    try {
        return extension.isActive ? extension.exports : await extension.activate();
    } catch (error) {
        logWarning(`Could not activate ${PYTHON_EXTENSION_ID}: ${errorText(error)}`);
        return undefined;
    }
}

/** The active interpreter's executable for `resource`, or undefined when the Python extension is not there. */
export async function activeInterpreter(resource: vscode.Uri | undefined): Promise<string | undefined> {
    const api = await pythonApi();
    try {
        if (api?.environments) {
            const env = await api.environments.resolveEnvironment(api.environments.getActiveEnvironmentPath(resource));
            const executable = env?.executable.uri?.fsPath;
            if (executable) {
                return executable;
            }
        }
        // execCommand can be e.g. ['conda', 'run', ...]; only a single executable is usable here.
        const exec = api?.settings?.getExecutionDetails(resource).execCommand;
        return exec?.length === 1 ? exec[0] : undefined;
    } catch (error) {
        logWarning(`Could not read the active interpreter from ${PYTHON_EXTENSION_ID}: ${errorText(error)}`);
        return undefined;
    }
}

/** Calls `listener` when the user picks another interpreter in the Python extension. */
export async function onActiveInterpreterChanged(listener: () => void): Promise<vscode.Disposable | undefined> {
    const api = await pythonApi();
    const event = api?.environments?.onDidChangeActiveEnvironmentPath ?? api?.settings?.onDidChangeExecutionDetails;
    return event?.(() => listener());
}

/** The interpreter for the server: the setting, else the Python extension's choice, else python3. */
export async function serverInterpreter(): Promise<ResolvedInterpreter> {
    const folder = primaryWorkspaceFolder();
    const { interpreter } = readSettings();
    return resolveInterpreter({
        setting: interpreter,
        pythonExtension: interpreter.trim() ? undefined : await activeInterpreter(folder?.uri),
        workspaceFolder: folder?.uri.fsPath,
    });
}
