/** Status bar item showing whether the language server runs; a click opens the log. */

import * as vscode from 'vscode';
import { ClientCommand, EXTENSION_NAME } from './constants';

export type ServerState = 'starting' | 'running' | 'stopped' | 'not-installed' | 'failed';

const LOOK: Record<ServerState, { icon: string; label: string; warning: boolean }> = {
    starting: { icon: '$(sync~spin)', label: 'starting', warning: false },
    running: { icon: '$(check)', label: 'ready', warning: false },
    stopped: { icon: '$(circle-slash)', label: 'stopped', warning: false },
    'not-installed': { icon: '$(warning)', label: 'server not installed', warning: true },
    failed: { icon: '$(error)', label: 'server failed', warning: true },
};

export class StatusItem implements vscode.Disposable {
    private readonly item = vscode.window.createStatusBarItem('backendOrganizer.status', vscode.StatusBarAlignment.Left, 0);

    constructor() {
        this.item.name = EXTENSION_NAME;
        this.item.command = ClientCommand.showLog;
        this.set('stopped');
        this.item.show();
    }

    /** `detail` goes into the tooltip (e.g. the interpreter or the failure). */
    set(state: ServerState, detail?: string): void {
        const look = LOOK[state];
        this.item.text = `${look.icon} Backend Organizer`;
        // The accessible label carries the state; the e2e tests wait on it too.
        this.item.accessibilityInformation = { label: `${EXTENSION_NAME}: ${look.label}` };
        this.item.tooltip = `${EXTENSION_NAME}: ${look.label}${detail ? `\n${detail}` : ''}\nClick to show the log.`;
        this.item.backgroundColor = look.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    }

    dispose(): void {
        this.item.dispose();
    }
}
