/** Backend Organizer for VS Code: wiring only; the parts live in ./common. */

import * as vscode from 'vscode';
import { registerCommands } from './common/commands';
import { createLogChannel, errorText, logWarning } from './common/logging';
import { saveNotebookTextsWhenEdited } from './common/notebooks';
import { PlanTreeProvider } from './common/planTreeView';
import { PlanDocuments } from './common/planView';
import { onActiveInterpreterChanged } from './common/python';
import { ServerManager } from './common/server';
import { needsRestart, readSettings } from './common/settings';
import { StatusItem } from './common/status';

let servers: ServerManager | undefined;

export function activate(context: vscode.ExtensionContext): void {
    const channel = createLogChannel();
    const status = new StatusItem();
    servers = new ServerManager(channel, status, context.extensionPath);
    const plans = new PlanDocuments();
    const planTree = new PlanTreeProvider();
    context.subscriptions.push(channel, status, plans, planTree, ...registerCommands(servers, plans, planTree), saveNotebookTextsWhenEdited());

    context.subscriptions.push(
        vscode.workspace.onDidChangeConfiguration((event) => {
            if (needsRestart(event)) {
                servers?.scheduleRestart();
            }
        }),
    );
    // The Python extension's interpreter only matters while backendOrganizer.interpreter is empty.
    onActiveInterpreterChanged(() => {
        if (!readSettings().interpreter.trim()) {
            servers?.scheduleRestart();
        }
    }).then(
        (listener) => listener && context.subscriptions.push(listener),
        (error: unknown) => logWarning(`Not following the Python extension's interpreter: ${errorText(error)}`),
    );

    void servers.ensureRunning();
}

export async function deactivate(): Promise<void> {
    await servers?.dispose();
    servers = undefined;
}
