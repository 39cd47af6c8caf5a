/**
 * Starts, stops and restarts the language server over stdio: by default the copy bundled in the extension
 * (`<python> bundled/tool/lsp_server.py`), with `importStrategy: fromEnvironment` the interpreter's own
 * (`<python> -m backend_organizer lsp`); see launch.ts. Before each start the interpreter is checked, so a
 * missing install or an unsupported Python becomes a single notification instead of a crashing server.
 */

import * as vscode from 'vscode';
import { LanguageClient, RevealOutputChannelOn, State, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { CONFIG_SECTION, EXTENSION_NAME, IMPORT_CHECK_TIMEOUT_MS, RESTART_DELAY_MS, SERVER_MODULE } from './constants';
import { crashPolicy } from './crashes';
import { InstallNotice } from './installNotice';
import { serverLaunch, type ServerLaunch } from './launch';
import { errorText, logError, logInfo, logWarning } from './logging';
import { probeBundled, probeModule } from './probe';
import { serverInterpreter } from './python';
import { initializationOptions, primaryWorkspaceFolder, readSettings } from './settings';
import type { StatusItem } from './status';

export class ServerManager implements vscode.Disposable {
    private client: LanguageClient | undefined;
    private queue: Promise<unknown> = Promise.resolve();
    private restartTimer: NodeJS.Timeout | undefined;
    private readonly installNotice = new InstallNotice();
    private organizeDepth = 0;

    constructor(
        private readonly channel: vscode.LogOutputChannel,
        private readonly status: StatusItem,
        /** The installed extension's folder, which holds bundled/. */
        private readonly extensionPath: string,
    ) {}

    /** The running client, started if needed; undefined when it cannot run (the user has been told why). */
    ensureRunning(): Promise<LanguageClient | undefined> {
        return this.enqueue(async () => {
            if (this.client?.isRunning()) {
                return this.client;
            }
            await this.stop(); // a client that crashed for good is disposed before the next try
            return this.start();
        });
    }

    restart(): Promise<LanguageClient | undefined> {
        return this.enqueue(async () => {
            await this.stop();
            return this.start();
        });
    }

    /**
     * Runs an organize request. Meanwhile the renames in the server's own edit are not sent back to it as
     * workspace/willRenameFiles (VS Code reports the renames of an applied WorkspaceEdit like a user's move).
     */
    async organizing<T>(task: () => Promise<T>): Promise<T> {
        this.organizeDepth++;
        try {
            return await task();
        } finally {
            this.organizeDepth--;
        }
    }

    /** Restarts once after a burst of settings changes. */
    scheduleRestart(): void {
        clearTimeout(this.restartTimer);
        this.restartTimer = setTimeout(() => void this.restart(), RESTART_DELAY_MS);
    }

    async dispose(): Promise<void> {
        clearTimeout(this.restartTimer);
        await this.enqueue(() => this.stop());
    }

    private enqueue<T>(task: () => Promise<T>): Promise<T> {
        const next = this.queue.then(task, task);
        this.queue = next.catch(() => undefined);
        return next;
    }

    private async start(): Promise<LanguageClient | undefined> {
        const python = await serverInterpreter();
        const { importStrategy } = readSettings();
        const launch = serverLaunch(python.command, importStrategy, this.extensionPath, SERVER_MODULE);
        const bundled = importStrategy === 'useBundled';
        this.status.set('starting', python.command);
        logInfo(`Interpreter: ${python.command} (from ${python.source}); import strategy: ${importStrategy}`);
        const probe = bundled
            ? await probeBundled(python.command, launch.probeArgs, IMPORT_CHECK_TIMEOUT_MS)
            : await probeModule(python.command, SERVER_MODULE, IMPORT_CHECK_TIMEOUT_MS);
        if (probe.kind !== 'ok') {
            const message = this.installNotice.show(probe, python.command, bundled);
            logError(message);
            this.status.set(probe.kind === 'missing-module' ? 'not-installed' : 'failed', message);
            return undefined;
        }
        if (probe.note) {
            logWarning(probe.note);
        }
        const origin = !bundled ? 'installed in the interpreter' : probe.note ? 'installed in the interpreter (fallback)' : 'bundled';
        const detail = `${python.command}\nserver: ${origin}`;
        let hasRun = false;
        const client = this.createClient(launch, () => hasRun);
        client.onDidChangeState((event) => {
            if (event.newState === State.Stopped && this.client === client) {
                this.status.set('stopped', python.command);
            } else if (event.newState === State.Running) {
                hasRun = true;
                this.status.set('running', detail);
            }
        });
        try {
            await client.start();
        } catch (error) {
            // vscode-languageclient has already shown "couldn't create connection to server" and logged it.
            logError('The language server failed to start', error);
            this.status.set('failed', errorText(error));
            await client.dispose().catch(() => undefined);
            return undefined;
        }
        this.client = client;
        this.status.set('running', detail);
        logInfo(`Language server started (${origin}): ${launch.display}`);
        return client;
    }

    private createClient(launch: ServerLaunch, hasRun: () => boolean): LanguageClient {
        const folder = primaryWorkspaceFolder();
        const serverOptions: ServerOptions = {
            command: launch.command,
            args: [...launch.args],
            options: { cwd: folder?.uri.fsPath, env: { ...process.env, PYTHONUNBUFFERED: '1' } },
        };
        const clientOptions: LanguageClientOptions = {
            documentSelector: [{ scheme: 'file', language: 'python' }],
            outputChannel: this.channel,
            traceOutputChannel: this.channel,
            revealOutputChannelOn: RevealOutputChannelOn.Never,
            errorHandler: crashPolicy(hasRun),
            middleware: {
                workspace: { willRenameFiles: (event, next) => (this.organizeDepth > 0 ? Promise.resolve(null) : next(event)) },
            },
            initializationOptions: initializationOptions(readSettings()),
        };
        return new LanguageClient(CONFIG_SECTION, EXTENSION_NAME, serverOptions, clientOptions);
    }

    private async stop(): Promise<void> {
        const client = this.client;
        this.client = undefined;
        if (!client) {
            return;
        }
        try {
            await client.dispose(5000); // stops the server, then frees the client's resources
        } catch (error) {
            logError('Stopping the language server failed', error);
        }
        this.status.set('stopped');
    }
}
