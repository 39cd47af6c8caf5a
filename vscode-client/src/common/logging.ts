/** The "Backend Organizer" log channel: extension messages, the server's stderr and (at level Trace) LSP traces. */

import * as vscode from 'vscode';
import { EXTENSION_NAME } from './constants';

let channel: vscode.LogOutputChannel | undefined;

export function createLogChannel(): vscode.LogOutputChannel {
    channel = vscode.window.createOutputChannel(EXTENSION_NAME, { log: true });
    return channel;
}

export function logInfo(message: string): void {
    channel?.info(message);
}

export function logWarning(message: string): void {
    channel?.warn(message);
}

export function logError(message: string, error?: unknown): void {
    if (error === undefined) {
        channel?.error(message);
    } else {
        channel?.error(`${message}: ${errorText(error)}`);
    }
}

export function showLog(): void {
    channel?.show(true);
}

export function errorText(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}
