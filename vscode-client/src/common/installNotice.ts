/** The one notification shown when the interpreter cannot run the server (package missing, interpreter not found…). */

import * as vscode from 'vscode';
import { IMPORT_CHECK_TIMEOUT_MS, PYPI_PACKAGE } from './constants';
import { installCommand } from './interpreter';
import { probeFailureMessage } from './messages';
import type { ProbeResult } from './probe';
import { openInterpreterSetting } from './settings';

const COPY = 'Copy Install Command';
const OPEN = 'Open Setting';

export class InstallNotice {
    /** Message currently on screen (toast or notification center): the same one is never shown twice at once. */
    private open: string | undefined;

    /**
     * Shows the notification for `probe` unless the same one is still open; returns its message.
     * `bundled`: the server was to come from the extension's bundle (importStrategy useBundled).
     */
    show(probe: ProbeResult, python: string, bundled: boolean): string {
        const install = installCommand(python, PYPI_PACKAGE);
        const message = probeFailureMessage(probe, python, install, IMPORT_CHECK_TIMEOUT_MS, bundled);
        if (this.open === message) {
            return message;
        }
        this.open = message;
        const offerInstall = probe.kind === 'missing-module' || (probe.kind === 'import-error' && !bundled);
        const buttons = offerInstall ? [COPY, OPEN] : [OPEN];
        void vscode.window.showErrorMessage(message, ...buttons).then(async (choice) => {
            this.open = undefined;
            if (choice === COPY) {
                await vscode.env.clipboard.writeText(install);
            } else if (choice === OPEN) {
                await openInterpreterSetting();
            }
        });
        return message;
    }
}
