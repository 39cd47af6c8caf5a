// Runs "Organize backend structure" on the opened workspace, accepts the Refactor Preview if VS Code shows it
// (ticking the changes VS Code leaves unticked, unless config.previewTickAll is false), waits for the result
// notification, saves all files and takes screenshots of the explorer.
// Observations: previewShown, previewTicked (rows that were unticked), saveRounds, resultNotification, notifications.
import { runScenario } from '../lib/scenario.mjs';

const RESULT = /^(Backend organized|Backend is already organized|Backend not organized|Backend organization was cancelled|Organizing backend structure failed|The server returned)/;

runScenario('organize', async ({ wb, config, lap, artifacts }) => {
    await wb.waitForStatus('Backend Organizer', /ready/, config.readyTimeoutMs ?? 90_000);
    lap('language server ready');
    await wb.runCommand('Backend Organizer: Organize backend structure');
    let previewShown = false;
    let previewTicked = [];
    let resultNotification;
    const end = Date.now() + (config.organizeTimeoutMs ?? 180_000);
    while (!resultNotification && Date.now() < end) {
        if (!previewShown && (await wb.refactorPreviewShown())) {
            previewShown = true;
            lap('refactor preview shown');
            await wb.screenshots(artifacts, 'organize-preview');
            previewTicked = await wb.acceptRefactorPreview({ tickAll: config.previewTickAll ?? true });
            lap('refactor preview applied');
        }
        resultNotification = await wb.waitForToast(RESULT, 500);
    }
    if (!resultNotification) {
        throw new Error('no result notification from "Organize backend structure"');
    }
    lap('organize finished');
    const saveRounds = await wb.saveAll();
    lap('saved all');
    await wb.runCommand('View: Show Explorer');
    await wb.screenshots(artifacts, 'organize');
    const notifications = await wb.allNotifications();
    return { previewShown, previewTicked, saveRounds, resultNotification, notifications };
});
