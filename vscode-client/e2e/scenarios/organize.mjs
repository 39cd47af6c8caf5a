// Runs "Organize backend structure" on the opened workspace, accepts the Refactor Preview if VS Code shows it,
// waits for the result notification, saves all files and takes screenshots of the explorer.
// Observations: previewShown, previewTicked (rows that were unticked), saveRounds, resultNotification, notifications.
import { finishOrganize } from '../lib/organizeFlow.mjs';
import { runScenario } from '../lib/scenario.mjs';

runScenario('organize', async ({ wb, config, lap, artifacts }) => {
    await wb.waitForStatus('Backend Organizer', /ready/, config.readyTimeoutMs ?? 90_000);
    lap('language server ready');
    await wb.runCommand('Backend Organizer: Organize backend structure');
    const outcome = await finishOrganize({ wb, config, lap, artifacts });
    await wb.runCommand('View: Show Explorer');
    await wb.screenshots(artifacts, 'organize');
    const notifications = await wb.allNotifications();
    return { ...outcome, notifications };
});
