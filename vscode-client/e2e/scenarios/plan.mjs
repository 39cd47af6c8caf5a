// Runs "Show backend organization plan as Markdown" and reads the document it opens (nothing may change on disk).
// Observations: tab (label of the active tab), lines (visible lines of the plan document, in order).
import { runScenario } from '../lib/scenario.mjs';

runScenario('plan', async ({ wb, config, lap, artifacts }) => {
    await wb.waitForStatus('Backend Organizer', /ready/, config.readyTimeoutMs ?? 90_000);
    lap('language server ready');
    await wb.runCommand('Backend Organizer: Show backend organization plan as Markdown');
    await wb.page.locator('.tabs-container .tab.active[aria-label*="backend plan.md"]').waitFor({ timeout: config.planTimeoutMs ?? 120_000 });
    await wb.page.waitForTimeout(500);
    lap('plan document shown');
    await wb.screenshots(artifacts, 'plan');
    return { tab: await wb.activeTabLabel(), lines: await wb.visibleEditorLines() };
});
