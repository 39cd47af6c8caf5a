// The editable plan: "Show backend organization plan" opens the "Backend Organization Plan" tree view; from the
// context menu of its file rows, config.move ({file, package}) goes to another package, config.newPackage
// ({file, package}) to a package the plan does not have, config.keep stays in place, config.exclude is excluded
// and then reset from the "Excluded" group; each change must reach pyproject.toml on disk. Then the view's "Apply" organizes (Refactor Preview accepted, everything saved).
// Observations: rowsBefore/rowsEdited (accessible labels of the view's rows), menu (labels of a file's context
// menu), excludedText/excludedMenu (pyproject.toml while excluded, the excluded row's menu), pyproject (the file's
// text after the edits), tooltip (the hover of the moved file), previewShown,
// resultNotification, rowsAfter.
import fs from 'node:fs';
import path from 'node:path';
import { finishOrganize } from '../lib/organizeFlow.mjs';
import { runScenario } from '../lib/scenario.mjs';

const VIEW = 'Backend Organization Plan';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForFile(file, test, timeout = 30_000) {
    const end = Date.now() + timeout;
    let text = null;
    while (Date.now() < end) {
        text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
        if (text !== null && test(text)) {
            return text;
        }
        await sleep(250);
    }
    throw new Error(`${file} never showed the expected change; last text: ${JSON.stringify(text)}`);
}

runScenario('plan-edit', async ({ wb, config, lap, artifacts }) => {
    const pyproject = path.join(config.workspace, 'pyproject.toml');
    const { move, newPackage, keep } = config;
    await wb.waitForStatus('Backend Organizer', /ready/, config.readyTimeoutMs ?? 90_000);
    lap('language server ready');
    await wb.runCommand('Backend Organizer: Show backend organization plan');
    await wb.viewPane(VIEW).locator('.monaco-list-row').first().waitFor({ timeout: config.planTimeoutMs ?? 120_000 });
    // Give the plan the side bar: collapse the folder's file list above it.
    await wb.page.locator('.pane-header[aria-label^="Explorer Section"]').first().click();
    await sleep(500);
    await wb.waitForViewRow(VIEW, new RegExp(`^${move.file} → `));
    lap('plan view shown');
    const rowsBefore = await wb.viewRows(VIEW);

    const menu = await wb.viewContextMenu(VIEW, `${move.file} → `, 'Move to package…');
    await wb.pickQuickItem(move.package);
    await waitForFile(pyproject, (text) => text.includes(`"${move.file}" = "${move.package}"`));
    await wb.waitForViewRow(VIEW, new RegExp(`^${move.file} → ${move.package}/`));
    lap('moved by the context menu');

    await wb.viewContextMenu(VIEW, `${newPackage.file} → `, 'Move to package…');
    await wb.input.waitFor({ state: 'visible' });
    await wb.input.fill('New package');
    await wb.rows.first().waitFor();
    await wb.page.keyboard.press('Enter');
    await wb.page.locator('.quick-input-widget .quick-input-title', { hasText: 'new package' }).waitFor();
    await wb.input.fill(newPackage.package);
    await wb.page.keyboard.press('Enter');
    await waitForFile(pyproject, (text) => text.includes(`"${newPackage.file}" = "${newPackage.package}"`));
    await wb.waitForViewRow(VIEW, new RegExp(`^${newPackage.file} → ${newPackage.package}/`));
    lap('moved to a new package');

    await wb.viewContextMenu(VIEW, `${keep} → `, 'Keep in place');
    await waitForFile(pyproject, (text) => /keep = \[/.test(text) && text.includes(`"${keep}"`));
    await wb.waitForViewRow(VIEW, new RegExp(`^${keep} stays`));
    lap('kept in place');

    // Exclude a file, then take that back from the "Excluded" group.
    await wb.viewContextMenu(VIEW, `${config.exclude} → `, 'Exclude');
    const excludedText = await waitForFile(pyproject, (text) => text.includes(`exclude = ["${config.exclude}"]`));
    await wb.waitForViewRow(VIEW, new RegExp(`^${config.exclude} excluded\n`));
    const excludedMenu = await wb.viewContextMenu(VIEW, `${config.exclude} excluded`, "Reset to the organizer's choice");
    await waitForFile(pyproject, (text) => !text.includes('exclude'));
    await wb.waitForViewRow(VIEW, new RegExp(`^${config.exclude} → `));
    lap('excluded and reset');
    const rowsEdited = await wb.viewRows(VIEW);
    const text = fs.readFileSync(pyproject, 'utf8');
    const unsaved = await wb.unsavedFiles();

    // The screenshot: a wider side bar with the tree, and the moved file's hover (its reason).
    const sidebar = await wb.page.locator('.part.sidebar').boundingBox();
    const sash = wb.page.locator('.monaco-sash.vertical').filter({ visible: true });
    for (const candidate of await sash.all()) {
        const box = await candidate.boundingBox();
        if (box && Math.abs(box.x + box.width / 2 - (sidebar.x + sidebar.width)) < 6) {
            await wb.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
            await wb.page.mouse.down();
            await wb.page.mouse.move(sidebar.x + 520, box.y + box.height / 2, { steps: 8 });
            await wb.page.mouse.up();
            break;
        }
    }
    await wb.page.mouse.move(900, 500);
    await sleep(800);
    await wb.waitForViewRow(VIEW, new RegExp(`^${move.file} → `));
    const moved = wb.viewPane(VIEW).locator(`.monaco-list-row[aria-label^="${move.file} → "]`).first();
    await moved.locator('.label-name').hover();
    const hover = wb.page.locator('.monaco-hover, .workbench-hover').filter({ hasText: `${move.file} →` }).first();
    const tooltip = await hover
        .waitFor({ state: 'visible', timeout: 8000 })
        .then(() => hover.innerText())
        .catch(() => null);
    const wide = await wb.page.locator('.part.sidebar').boundingBox();
    await wb.page.screenshot({ path: path.join(artifacts, 'plan-view.png'), clip: { x: 0, y: 0, width: wide.x + wide.width + 320, height: 900 } });
    await wb.screenshots(artifacts, 'plan-edited');
    lap('screenshot');

    await wb.viewTitleAction(VIEW, 'Apply');
    const organized = await finishOrganize({ wb, config, lap, artifacts });
    await sleep(1500);
    const rowsAfter = await wb.viewRows(VIEW);
    await wb.screenshots(artifacts, 'plan-applied');
    return { rowsBefore, menu, excludedText, excludedMenu, rowsEdited, pyproject: text, unsavedAfterEdits: unsaved, tooltip, ...organized, rowsAfter };
});
