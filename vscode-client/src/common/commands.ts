/**
 * The extension's palette, explorer and plan-view commands. They gather the target folder and call the server's
 * commands (`backendOrganizer.organize`, `backendOrganizer.plan`, `backendOrganizer.configure`) through
 * workspace/executeCommand.
 */

import * as vscode from 'vscode';
import { ExecuteCommandRequest } from 'vscode-languageclient/node';
import { ClientCommand, ServerCommand } from './constants';
import { errorText, logError, showLog } from './logging';
import { organizeNotice, type Level } from './messages';
import { saveEditedNotebookTexts } from './notebooks';
import { parsePlan, renderPlanMarkdown } from './plan';
import { buildPlanTree, checkPackageName, type FileNode } from './planTree';
import type { PlanTreeProvider } from './planTreeView';
import type { PlanDocuments } from './planView';
import type { ServerManager } from './server';

/** A folder to work on; `argument` is what the server gets (none means: the server's workspace root). */
interface Target {
    readonly name: string;
    readonly argument: { path: string } | undefined;
}

/** What the plan view's edits need: the request to the server and its arguments. */
type ConfigureAction = 'show' | 'move' | 'keep' | 'exclude' | 'reset';

export function registerCommands(servers: ServerManager, plans: PlanDocuments, planTree: PlanTreeProvider): vscode.Disposable[] {
    /** The folder the plan view shows (set by "Show backend organization plan"). */
    let planTarget: Target | undefined;

    const run = async (serverCommand: string, target: Target | undefined, title: string, organize = false): Promise<unknown> =>
        target ? request(serverCommand, target.argument ? [target.argument] : [], title, target.name, organize) : undefined;

    const request = async (serverCommand: string, args: unknown[], title: string, name: string, organize = false): Promise<unknown> => {
        const client = await servers.ensureRunning();
        if (!client) {
            return undefined;
        }
        const params = { command: serverCommand, arguments: args };
        try {
            const send = () => client.sendRequest(ExecuteCommandRequest.type, params);
            return await vscode.window.withProgress(
                { location: vscode.ProgressLocation.Notification, title: `${title} (${name})` },
                () => (organize ? servers.organizing(send) : send()),
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

    /** Runs `backendOrganizer.configure` for the plan view's folder, saves pyproject.toml, shows the new tree. */
    const configure = async (action: ConfigureAction, file?: FileNode, target?: string): Promise<boolean> => {
        const folder = planTarget ?? (await workspaceTarget());
        if (!folder) {
            return false;
        }
        await savePyproject(folder, 'before');
        const args = { action, ...(file ? { file: file.path } : {}), ...(target ? { package: target } : {}), ...folder.argument };
        const title = action === 'show' ? 'Computing backend organization plan' : `Editing the plan: ${action} ${file?.name ?? ''}`;
        const result = await request(ServerCommand.configure, [args], title, folder.name);
        if (result === undefined) {
            return false;
        }
        await savePyproject(folder, 'after', (result as { pyproject?: unknown }).pyproject);
        const tree = buildPlanTree(result);
        if (!tree) {
            void notify('error', `The server returned an unexpected plan: ${JSON.stringify(result)}`);
            return false;
        }
        planTarget = folder;
        planTree.set(tree, folder.name);
        return (result as { applied?: unknown }).applied !== false;
    };

    const moveToPackage = async (file?: FileNode): Promise<void> => {
        if (!file) {
            return;
        }
        const current = file.to ? file.to.split('/').slice(-2, -1)[0] : undefined;
        const newPackage = '$(add) New package…';
        const items = [
            ...(planTree.current?.packages ?? []).filter((p) => p !== current).map((p) => ({ label: p, description: `${p}/` })),
            { label: newPackage, description: 'a package the plan does not have yet' },
        ];
        const picked = await vscode.window.showQuickPick(items, { title: `Move ${file.name} to package`, placeHolder: 'Package' });
        if (!picked) {
            return;
        }
        const target =
            picked.label === newPackage
                ? await vscode.window.showInputBox({ title: `Move ${file.name} to a new package`, prompt: 'Package name', validateInput: checkPackageName })
                : picked.label;
        if (target) {
            await configure('move', file, target);
        }
    };

    const showPlanMarkdown = async (uri?: vscode.Uri): Promise<void> => {
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
        vscode.commands.registerCommand(ClientCommand.showPlan, async (uri?: vscode.Uri) => {
            const target = uri ? folderTarget(uri) : await workspaceTarget();
            if (!target) {
                return;
            }
            planTarget = target;
            await planTree.reveal();
            await configure('show');
        }),
        vscode.commands.registerCommand(ClientCommand.showPlanMarkdown, showPlanMarkdown),
        vscode.commands.registerCommand(ClientCommand.planRefresh, () => configure('show')),
        vscode.commands.registerCommand(ClientCommand.planMove, moveToPackage),
        vscode.commands.registerCommand(ClientCommand.planKeep, (file?: FileNode) => file && configure('keep', file)),
        vscode.commands.registerCommand(ClientCommand.planExclude, (file?: FileNode) => file && configure('exclude', file)),
        vscode.commands.registerCommand(ClientCommand.planReset, (file?: FileNode) => file && configure('reset', file)),
        vscode.commands.registerCommand(ClientCommand.planApply, async () => {
            const target = planTarget ?? (await workspaceTarget());
            const result = await organize(target);
            if (result !== undefined) {
                await configure('show');
            }
        }),
        vscode.commands.registerCommand(ClientCommand.restart, async () => {
            if (await servers.restart()) {
                vscode.window.setStatusBarMessage('Backend Organizer: server restarted', 3000);
            }
        }),
        vscode.commands.registerCommand(ClientCommand.showLog, showLog),
    ];
}

/**
 * Saves an open pyproject.toml of the plan's workspace: unsaved changes `before` an edit (the server edits what is
 * on disk), and the server's edit `after` it, so the CLI and CI read the same configuration.
 */
async function savePyproject(target: Target, when: 'before' | 'after', uri?: unknown): Promise<void> {
    const wanted = typeof uri === 'string' ? vscode.Uri.parse(uri).toString() : undefined;
    const folder = target.argument ? vscode.Uri.parse(target.argument.path) : vscode.workspace.workspaceFolders?.[0]?.uri;
    for (const document of vscode.workspace.textDocuments) {
        const name = document.uri.path.split('/').pop();
        const inFolder = folder !== undefined && document.uri.toString().startsWith(folder.toString());
        const match = wanted !== undefined ? document.uri.toString() === wanted : name === 'pyproject.toml' && inFolder;
        if (match && document.isDirty && (when === 'after' || wanted === undefined)) {
            await document.save();
        }
    }
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
