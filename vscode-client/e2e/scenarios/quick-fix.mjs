// Opens a file with a stale import, puts the cursor on it, picks the quick fix whose title starts with
// config.titlePrefix (default "Update import to") from the Ctrl+. menu, and saves the file.
// Config: file (relative to the workspace), line and column (1-based), titlePrefix.
// Observations: picked, offered (all titles in the menu), dirtyAfterFix.
import { runScenario } from '../lib/scenario.mjs';

runScenario('quick-fix', async ({ wb, config, lap, artifacts }) => {
    await wb.openFile(config.file);
    lap('file open');
    await wb.waitForStatus('Backend Organizer', /ready/, config.readyTimeoutMs ?? 90_000);
    lap('language server ready');
    await wb.goTo(config.line, config.column ?? 1);
    const { picked, titles } = await wb.applyQuickFix(config.titlePrefix ?? 'Update import to', config.quickFixTimeoutMs ?? 60_000);
    lap(picked ? 'quick fix applied' : 'quick fix not offered');
    let dirtyAfterFix = false;
    if (picked) {
        const end = Date.now() + 10_000;
        while (!(dirtyAfterFix = await wb.activeTabDirty()) && Date.now() < end) {
            await new Promise((resolve) => setTimeout(resolve, 200));
        }
        await wb.saveAll();
        lap('saved');
    }
    await wb.screenshots(artifacts, 'quick-fix');
    return { picked, offered: titles, dirtyAfterFix };
});
