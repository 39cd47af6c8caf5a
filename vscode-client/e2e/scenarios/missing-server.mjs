// The interpreter lacks backend-organizer: the palette lists the extension's commands, and running
// "Organize backend structure" leaves exactly one notification, which has the install command.
// Observations: paletteCommands, status, toastsBeforeCommand, notifications (all, from the notification center).
import { runScenario } from '../lib/scenario.mjs';

const PREFIX = 'Backend Organizer';

runScenario('missing-server', async ({ wb, lap, artifacts }) => {
    // The extension activates on workspaceContains:**/*.py, checks the interpreter and reports.
    const status = await wb.waitForStatus(PREFIX, /server not installed|server failed/);
    lap('extension reported the interpreter check');
    const paletteCommands = await wb.paletteCommands(`${PREFIX}:`);
    lap('palette listed');
    const toastsBeforeCommand = await wb.toasts();
    await wb.runCommand(`${PREFIX}: Organize backend structure`);
    // Give a second notification (the bug this scenario guards against) time to show up.
    await wb.waitForToast(/pip install/, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    lap('command ran');
    await wb.screenshots(artifacts, 'missing-server');
    const notifications = await wb.allNotifications();
    lap('notifications read');
    return { status, paletteCommands, toastsBeforeCommand, notifications };
});
