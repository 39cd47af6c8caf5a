/**
 * When to restart the language server after its connection closed. A server that never finished starting
 * is not restarted (the start failure is reported once; restarting would only repeat it); a server that
 * crashes while running is restarted up to 4 times within 3 minutes, like vscode-languageclient's default.
 */

import { CloseAction, ErrorAction, type ErrorHandler } from 'vscode-languageclient/node';

const MAX_RESTARTS = 4;
const WINDOW_MS = 3 * 60_000;

export function crashPolicy(hasRun: () => boolean): ErrorHandler {
    const restarts: number[] = [];
    return {
        error: (_error, _message, count) => ({ action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown }),
        closed: () => {
            if (!hasRun()) {
                return { action: CloseAction.DoNotRestart, handled: true };
            }
            const now = Date.now();
            restarts.push(now);
            while (restarts.length > 0 && restarts[0] < now - WINDOW_MS) {
                restarts.shift();
            }
            if (restarts.length <= MAX_RESTARTS) {
                return { action: CloseAction.Restart, handled: true };
            }
            return {
                action: CloseAction.DoNotRestart,
                message:
                    'The Backend Organizer server crashed 5 times in 3 minutes and was not restarted. ' +
                    'See the "Backend Organizer" output, then run "Backend Organizer: Restart server".',
            };
        },
    };
}
