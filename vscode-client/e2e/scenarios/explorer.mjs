// What a user does in the Explorer, in one VS Code session (each step optional, in this order):
//   organizeFolder  folder row to right-click → "Organize backend structure here" (then as in organize.mjs)
//   restart         run "Backend Organizer: Restart server" and wait until the server is ready again
//   rename          {from, to}: rename a top-level file with F2 in the Explorer (VS Code asks the server for the
//                   import updates through workspace/willRenameFiles), then save all
// Observations: organize (see organizeFlow.mjs), contextMenu (labels of our items in the menu), restarted,
// renamed ({dialog, previewTicked}), renameSaveRounds, notifications.
import { finishOrganize } from '../lib/organizeFlow.mjs';
import { runScenario } from '../lib/scenario.mjs';

runScenario('explorer', async ({ wb, config, lap, artifacts }) => {
    const result = {};
    await wb.waitForStatus('Backend Organizer', /ready/, config.readyTimeoutMs ?? 90_000);
    lap('language server ready');
    if (config.organizeFolder) {
        result.contextMenu = await wb.explorerContextMenu(config.organizeFolder, 'Organize backend structure here', /Backend|backend/);
        lap('context menu item chosen');
        result.organize = await finishOrganize({ wb, config, lap, artifacts });
        await wb.screenshots(artifacts, 'explorer-organized');
    }
    if (config.restart) {
        await wb.runCommand('Backend Organizer: Restart server');
        result.restarted = await wb.waitForStatusBarText(/server restarted/, 60_000);
        await wb.waitForStatus('Backend Organizer', /ready/, config.readyTimeoutMs ?? 90_000);
        lap('server restarted and ready');
    }
    if (config.rename) {
        result.renamed = await wb.renameInExplorer(config.rename.from, config.rename.to, { timeout: config.renameTimeoutMs ?? 60_000 });
        lap('renamed in the explorer');
        result.renameSaveRounds = await wb.saveAll();
        lap('saved all');
        await wb.screenshots(artifacts, 'explorer-renamed');
    }
    result.notifications = await wb.allNotifications();
    return result;
});
