/**
 * The extension's palette and explorer commands. They gather the target folder and call the server's
 * commands (`backendOrganizer.organize` / `backendOrganizer.plan`) through workspace/executeCommand.
 */

import * as vscode from 'vscode';
import { ExecuteCommandRequest } from 'vscode-languageclient/node';
import { ClientCommand, ServerCommand } from './constants';
import { errorText, logError, showLog } from './logging';
import { organizeNotice, type Level } from './messages';
import { saveEditedNotebookTexts } from './notebooks';
import { parsePlan, renderPlanMarkdown } from './plan';
import type { PlanDocuments } from './planView';
import type { ServerManager } from './server';

/** A folder to work on; `argument` is what the server gets (none means: the server's workspace root). */
interface Target {
    readonly name: string;
    readonly argument: { path: string } | undefined;
}

export function registerCommands(servers: ServerManager, plans: PlanDocuments): vscode.Disposable[] {
    const run = async (serverCommand: string, target: Target | undefined, title: string, organize = false): Promise<unknown> => {
        if (!target) {
            return undefined;
        }
        const client = await servers.ensureRunning();
        if (!client) {
            return undefined;
        }
        const params = { command: serverCommand, arguments: target.argument ? [target.argument] : [] };
        try {
            const request = () => client.sendRequest(ExecuteCommandRequest.type, params);
            return await vscode.window.withProgress(
                { location: vscode.ProgressLocation.Notification, title: `${title} (${target.name})` },
                () => (organize ? servers.organizing(request) : request()),
            );
        } catch (error) {
            logError(`${serverCommand} failed`, error);
            void notify('error', `${title} failed: ${errorText(error)}`, 'Show Log');
            return undefined;
        }
    };

    const organize = async (target: Target | undefined): Promise<unknown> => {
        const result = await run(ServerCommand.organize, target, 'Organizing backend structure', true);
        if (result !== undefined) {
            await saveEditedNotebookTexts();
            const notice = organizeNotice(result);
            void notify(notice.level, notice.message);
        }
        return result;
    };

    const showPlan = async (uri?: vscode.Uri): Promise<void> => {
        const target = uri ? folderTarget(uri) : await workspaceTarget();
        const result = await run(ServerCommand.plan, target, 'Computing backend organization plan');
        if (result === undefined || !target) {
            return;
        }
        const plan = parsePlan(result);
        if (!plan) {
            void notify('error', `The server returned an unexpected plan: ${JSON.stringify(result)}`);
            return;
        }
        await plans.show(target.name, renderPlanMarkdown(plan));
    };

    return [
        vscode.commands.registerCommand(ClientCommand.organizeWorkspace, async () => organize(await workspaceTarget())),
        vscode.commands.registerCommand(ClientCommand.organizeFolder, async (uri?: vscode.Uri) =>
            organize(uri ? folderTarget(uri) : await workspaceTarget()),
        ),
        vscode.commands.registerCommand(ClientCommand.showPlan, showPlan),
        vscode.commands.registerCommand(ClientCommand.restart, async () => {
            if (await servers.restart()) {
                vscode.window.setStatusBarMessage('Backend Organizer: server restarted', 3000);
            }
        }),
        vscode.commands.registerCommand(ClientCommand.showLog, showLog),
    ];
}

function folderTarget(uri: vscode.Uri): Target {
    const name = vscode.workspace.asRelativePath(uri, true);
    return { name: name && name !== uri.fsPath ? name : uri.path.split('/').pop() ?? uri.fsPath, argument: { path: uri.toString() } };
}

/** The only workspace folder (the server's root), or the one the user picks in a multi-root workspace. */
async function workspaceTarget(): Promise<Target | undefined> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length === 0) {
        void notify('warning', 'Open the folder of your Python backend first.');
        return undefined;
    }
    if (folders.length === 1) {
        return { name: folders[0].name, argument: undefined };
    }
    const picked = await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Folder with the backend to organize' });
    return picked ? { name: picked.name, argument: { path: picked.uri.toString() } } : undefined;
}

async function notify(level: Level, message: string, ...actions: string[]): Promise<void> {
    const show =
        level === 'error'
            ? vscode.window.showErrorMessage
            : level === 'warning'
              ? vscode.window.showWarningMessage
              : vscode.window.showInformationMessage;
    const choice = await show(message, ...actions);
    if (choice === 'Show Log') {
        showLog();
    }
}
