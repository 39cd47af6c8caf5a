// What follows any "Organize backend structure" command: accept the Refactor Preview if VS Code shows it
// (ticking the rows VS Code leaves unticked, unless config.previewTickAll is false), wait for the result
// notification, and save all files. Shared by the scenarios that organize from the palette and the explorer.

export const ORGANIZE_RESULT =
    /^(Backend organized|Backend is already organized|Backend not organized|Backend organization was cancelled|Organizing backend structure failed|The server returned)/;

/** Returns { previewShown, previewTicked, resultNotification, saveRounds }. */
export async function finishOrganize({ wb, config, lap, artifacts }) {
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
        resultNotification = await wb.waitForToast(ORGANIZE_RESULT, 500);
    }
    if (!resultNotification) {
        throw new Error('no result notification from "Organize backend structure"');
    }
    lap('organize finished');
    const saveRounds = await wb.saveAll();
    lap('saved all');
    return { previewShown, previewTicked, resultNotification, saveRounds };
}
