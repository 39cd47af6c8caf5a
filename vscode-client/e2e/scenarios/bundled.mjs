// The extension as a user gets it: only the .vsix installed, backendOrganizer.interpreter set to a fresh venv that
// has none of the server's dependencies, importStrategy left at its default (useBundled). The server must start
// from the libraries bundled in the .vsix; then "Organize backend structure" runs as in the organize scenario.
// Observations: status (tooltip included), previewShown, previewTicked, saveRounds, resultNotification, notifications.
import { finishOrganize } from '../lib/organizeFlow.mjs';
import { runScenario } from '../lib/scenario.mjs';

runScenario('bundled', async ({ wb, config, lap, artifacts }) => {
    const status = await wb.waitForStatus('Backend Organizer', /ready|server not installed|server failed/, config.readyTimeoutMs ?? 90_000);
    lap(`language server: ${status}`);
    if (!/ready/.test(status)) {
        await wb.screenshots(artifacts, 'bundled-not-ready');
        return { status, notifications: await wb.allNotifications() };
    }
    await wb.runCommand('Backend Organizer: Organize backend structure');
    const outcome = await finishOrganize({ wb, config, lap, artifacts });
    await wb.runCommand('View: Show Explorer');
    await wb.screenshots(artifacts, 'bundled');
    const notifications = await wb.allNotifications();
    return { status, ...outcome, notifications };
});
