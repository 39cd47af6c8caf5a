// Drives the VS Code workbench served by code-server with headless Chromium (playwright-core).
// Selectors and waits follow shared/docs/real-editor-clients.md §1.5–1.6: the palette can open before the
// extension host registered its contributions (retry), Monaco renders spaces as U+00A0, and the code
// action widget is operated with the keyboard (mouse clicks on it time out).
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM_ARGS = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
];

const SAVE_ALL_TITLES = ['File: Save All', 'File: Save All Files', 'Save All'];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class Workbench {
    /** @param {import('playwright-core').BrowserContext} context @param {import('playwright-core').Page} page */
    constructor(context, page, log) {
        this.context = context;
        this.page = page;
        this.log = log;
        this.input = page.locator('.quick-input-widget input.input');
        this.rows = page.locator('.quick-input-list .monaco-list-row');
    }

    /** Launches Chromium with a profile under `profileDir` (HOME-free: XDG dirs point there as well). */
    static async launch({ executablePath, profileDir, log = console.log }) {
        fs.mkdirSync(profileDir, { recursive: true });
        const context = await chromium.launchPersistentContext(profileDir, {
            executablePath,
            headless: true,
            viewport: { width: 1400, height: 900 },
            args: CHROMIUM_ARGS,
            env: { ...process.env, XDG_CONFIG_HOME: path.join(profileDir, 'xdg-config'), XDG_CACHE_HOME: path.join(profileDir, 'xdg-cache') },
        });
        const page = context.pages()[0] ?? (await context.newPage());
        page.setDefaultTimeout(30_000);
        return new Workbench(context, page, log);
    }

    /** Opens `folder` and waits until the explorer lists its contents (workbench and remote file system up). */
    async openFolder(baseUrl, folder) {
        await this.page.goto(`${baseUrl}/?folder=${encodeURIComponent(folder)}`, { waitUntil: 'domcontentloaded' });
        await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 90_000 });
    }

    async openQuickInput(key, text) {
        await this.page.keyboard.press(key);
        await this.input.waitFor({ state: 'visible' });
        await this.input.fill(text);
    }

    async closeQuickInput() {
        if (await this.input.isVisible()) {
            await this.page.keyboard.press('Escape');
        }
    }

    /** Palette rows (labels) for `query`, retried until at least one row starts with `query`. */
    async paletteCommands(query, { attempts = 30 } = {}) {
        for (let attempt = 1; attempt <= attempts; attempt++) {
            await this.openQuickInput('F1', `>${query}`);
            try {
                await this.rows.filter({ hasText: query }).first().waitFor({ timeout: 1500 });
                await sleep(300); // let the list settle
                const labels = await this.rows.locator('.label-name').allInnerTexts();
                await this.closeQuickInput();
                return labels.map((label) => label.replace(/\u00a0/g, ' ').trim());
            } catch {
                await this.closeQuickInput();
                await sleep(500);
            }
        }
        throw new Error(`no palette command matches "${query}"`);
    }

    /** Runs the palette command whose label is exactly `title`, retrying while contributions load. */
    async runCommand(title, { attempts = 30 } = {}) {
        for (let attempt = 1; attempt <= attempts; attempt++) {
            await this.openQuickInput('F1', `>${title}`);
            const row = this.rows.filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }) }).first();
            try {
                await row.waitFor({ timeout: 1500 });
                await row.click();
                this.log(`ran "${title}" (attempt ${attempt})`);
                return attempt;
            } catch {
                await this.closeQuickInput();
                await sleep(500);
            }
        }
        throw new Error(`command not in palette: "${title}"`);
    }

    /** Ctrl+P → file → Enter; waits for its tab. */
    async openFile(relativePath) {
        const name = path.basename(relativePath);
        await this.openQuickInput('Control+p', relativePath);
        await this.rows.filter({ hasText: name }).first().waitFor();
        await this.page.keyboard.press('Enter');
        await this.page.locator(`.tabs-container .tab[aria-label^="${name}"]`).first().waitFor();
        await this.page.locator('.monaco-editor .view-lines').first().waitFor();
    }

    /** Ctrl+G to a 1-based line and column of the active editor. */
    async goTo(line, column = 1) {
        await this.openQuickInput('Control+g', `:${line}:${column}`);
        await this.page.keyboard.press('Enter');
    }

    /** The Explorer row of a top-level file or folder (its accessible label is the name). */
    explorerRow(name) {
        return this.page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"]`).first();
    }

    /**
     * Right-clicks the Explorer row `name` and picks `item` from the context menu. Returns the labels of the
     * menu items matching `filter` (what the menu offered of ours).
     */
    async explorerContextMenu(name, item, filter) {
        const row = this.explorerRow(name);
        await row.waitFor();
        await row.click({ button: 'right' });
        const items = this.page.locator('.context-view .monaco-menu .action-item .action-label');
        await items.first().waitFor();
        await sleep(300);
        const labels = (await items.allInnerTexts()).map((label) => label.replace(/\u00a0/g, ' ').trim());
        const ours = labels.filter((label) => filter.test(label));
        if (!labels.includes(item)) {
            await this.page.keyboard.press('Escape');
            throw new Error(`"${item}" is not in the context menu of ${name}: ${JSON.stringify(labels)}`);
        }
        await items.filter({ hasText: new RegExp(`^${escapeRegExp(item)}$`) }).first().click();
        this.log(`explorer: "${item}" on ${name}`);
        return ours;
    }

    /** The side-bar pane of the view titled `title` (its header's label starts with the title). */
    viewPane(title) {
        return this.page.locator('.pane').filter({ has: this.page.locator(`.pane-header[aria-label^="${title}"]`) }).first();
    }

    /** The rows of a tree view as { label, level, description } (only the rendered ones: the tree is virtual). */
    async viewRows(title) {
        return this.viewPane(title)
            .locator('.monaco-list-row')
            .evaluateAll((rows) =>
                rows.map((row) => ({
                    aria: row.getAttribute('aria-label') ?? '',
                    label: (row.querySelector('.label-name')?.textContent ?? '').replace(/\u00a0/g, ' ').trim(),
                    description: (row.querySelector('.label-description')?.textContent ?? '').replace(/\u00a0/g, ' ').trim(),
                    level: Number(row.getAttribute('aria-level')),
                })),
            );
    }

    /**
     * Waits until a row of view `title` has an accessible label matching `pattern`, scrolling the tree through (it
     * renders only the rows in sight); returns that label.
     */
    async waitForViewRow(title, pattern, timeout = 60_000) {
        const end = Date.now() + timeout;
        const list = this.viewPane(title).locator('.monaco-list').first();
        const seen = new Set();
        while (Date.now() < end) {
            const rows = await this.viewRows(title).catch(() => []);
            const row = rows.find((r) => pattern.test(r.aria));
            if (row) {
                return row.aria;
            }
            rows.forEach((r) => seen.add(r.aria));
            const box = rows.length ? await list.boundingBox().catch(() => null) : null;
            if (box) {
                const last = rows[rows.length - 1].aria;
                await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
                await this.page.mouse.wheel(0, box.height / 2);
                await sleep(200);
                const now = await this.viewRows(title).catch(() => []);
                if (now.length && now[now.length - 1].aria === last) {
                    await this.page.mouse.wheel(0, -100_000); // at the bottom: start again from the top
                    await sleep(250);
                }
                continue;
            }
            await sleep(250);
        }
        throw new Error(`no row of "${title}" matched ${pattern}; rows seen: ${JSON.stringify([...seen])}`);
    }

    /**
     * Right-clicks the row of view `title` whose accessible label starts with `rowLabel` and picks `item` from the
     * context menu. Returns every label the menu offered.
     */
    async viewContextMenu(title, rowLabel, item) {
        await this.waitForViewRow(title, new RegExp(`^${escapeRegExp(rowLabel)}`), 30_000);
        const row = this.viewPane(title).locator(`.monaco-list-row[aria-label^="${rowLabel}"]`).first();
        await row.click({ button: 'right' });
        const items = this.page.locator('.context-view .monaco-menu .action-item .action-label');
        await items.first().waitFor();
        await sleep(300);
        const labels = (await items.allInnerTexts()).map((label) => label.replace(/\u00a0/g, ' ').trim()).filter(Boolean);
        if (!labels.includes(item)) {
            await this.page.keyboard.press('Escape');
            throw new Error(`"${item}" is not in the context menu of ${rowLabel}: ${JSON.stringify(labels)}`);
        }
        await items.filter({ hasText: new RegExp(`^${escapeRegExp(item)}$`) }).first().click();
        this.log(`${title}: "${item}" on ${rowLabel}`);
        return labels;
    }

    /** Clicks the title-bar action `label` of view `title` (shown while the pane is hovered). */
    async viewTitleAction(title, label) {
        const pane = this.viewPane(title);
        await pane.locator('.pane-header').hover();
        await pane.locator(`.pane-header .action-label[aria-label="${label}"]`).click();
        this.log(`${title}: clicked "${label}"`);
    }

    /** Picks the quick-pick row labelled `label` (typing it first to filter the list). */
    async pickQuickItem(label, timeout = 30_000) {
        await this.input.waitFor({ state: 'visible', timeout });
        await this.input.fill(label);
        const row = this.rows.filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) }).first();
        await row.waitFor({ timeout });
        await row.click();
    }

    /**
     * Renames the top-level Explorer entry `from` to `to` with F2 and waits until the Explorer shows the new
     * name. VS Code first asks the willRenameFiles participants for their edit; when there is one it asks the
     * user ("Extension … wants to make refactoring changes with this file move"): this answers "Show Preview",
     * accepts the Refactor Preview (ticking every row when `tickAll`), and VS Code then renames.
     * Returns { dialog: {message, buttons} | null, previewTicked: string[] | null }.
     */
    async renameInExplorer(from, to, { timeout = 60_000, tickAll = true } = {}) {
        const row = this.explorerRow(from);
        await row.waitFor();
        await row.click();
        await this.page.keyboard.press('F2');
        const input = this.page.locator('.explorer-folders-view .monaco-inputbox input').first();
        await input.waitFor({ state: 'visible' });
        await input.fill(to);
        await this.page.keyboard.press('Enter');
        const dialogBox = this.page.locator('.monaco-dialog-box').first();
        let dialog = null;
        let previewTicked = null;
        const end = Date.now() + timeout;
        while (!(await this.explorerRow(to).isVisible())) {
            if (Date.now() > end) {
                throw new Error(`the Explorer never showed ${to} after renaming ${from}`);
            }
            if (!dialog && (await dialogBox.isVisible())) {
                const buttons = dialogBox.locator('.dialog-buttons .monaco-button');
                dialog = {
                    message: (await dialogBox.locator('.dialog-message-container').first().innerText()).replace(/\s+/g, ' ').trim(),
                    buttons: (await buttons.allInnerTexts()).map((label) => label.trim()),
                };
                this.log(`rename dialog: ${JSON.stringify(dialog)}`);
                await buttons.filter({ hasText: /^Show Preview$/ }).first().click();
            }
            if (previewTicked === null && (await this.refactorPreviewShown())) {
                previewTicked = await this.acceptRefactorPreview({ tickAll });
            }
            await sleep(200);
        }
        await this.explorerRow(from).waitFor({ state: 'detached', timeout });
        this.log(`explorer: renamed ${from} to ${to}`);
        return { dialog, previewTicked };
    }

    /** Waits until some status bar item shows text matching `pattern`; returns that text. */
    async waitForStatusBarText(pattern, timeout = 60_000) {
        const end = Date.now() + timeout;
        while (Date.now() < end) {
            const texts = await this.page.locator('.statusbar-item').allInnerTexts();
            const match = texts.map((text) => text.trim()).find((text) => pattern.test(text));
            if (match) {
                return match;
            }
            await sleep(100);
        }
        throw new Error(`no status bar text matched ${pattern}`);
    }

    /** Text of the accessible label of this extension's status bar item (e.g. "Backend Organizer: ready"). */
    async statusLabel(prefix) {
        const item = this.page.locator(`.statusbar-item [aria-label^="${prefix}"], .statusbar-item[aria-label^="${prefix}"]`).first();
        return (await item.count()) ? item.getAttribute('aria-label') : null;
    }

    async waitForStatus(prefix, pattern, timeout = 60_000) {
        const end = Date.now() + timeout;
        let label = null;
        while (Date.now() < end) {
            label = await this.statusLabel(prefix);
            if (label && pattern.test(label)) {
                return label;
            }
            await sleep(250);
        }
        throw new Error(`status bar never matched ${pattern}; last: ${label}`);
    }

    /** Messages of the notification toasts currently on screen. */
    async toasts() {
        return readNotifications(this.page.locator('.notifications-toasts .notification-list-item'));
    }

    /** All notifications, including hidden ones, read from the notification center (opened, then hidden again). */
    async allNotifications() {
        await this.runCommand('Notifications: Show Notifications');
        await this.page.locator('.notifications-center').waitFor({ state: 'visible' });
        await sleep(300);
        const items = await readNotifications(this.page.locator('.notifications-center .notification-list-item'));
        await this.page.keyboard.press('Escape');
        return items;
    }

    /** Polls the toasts until one message matches `pattern`. */
    async waitForToast(pattern, timeout = 60_000) {
        const end = Date.now() + timeout;
        while (Date.now() < end) {
            const match = (await this.toasts()).find((n) => pattern.test(n.message));
            if (match) {
                return match;
            }
            await sleep(250);
        }
        return undefined;
    }

    /** True when the Refactor Preview panel shows an edit waiting to be applied. */
    async refactorPreviewShown() {
        return this.page.locator('.bulk-edit-panel[data-state="data"]').isVisible();
    }

    /**
     * Applies the edit shown in the Refactor Preview. VS Code leaves changes whose annotation has
     * needsConfirmation unticked; with `tickAll` every row is visited with the keyboard (the tree is virtual:
     * only rows near the viewport exist in the DOM), collapsed rows are expanded and unticked boxes are ticked,
     * which is what accepting everything means. Then presses the panel's "Apply" button (palette command as
     * fallback). Returns the labels of the rows that had to be ticked.
     */
    async acceptRefactorPreview({ tickAll = false } = {}) {
        const panel = this.page.locator('.bulk-edit-panel[data-state="data"]');
        const ticked = tickAll ? await this.tickAllPreviewRows(panel) : [];
        const apply = panel.locator('.buttons .monaco-button', { hasText: 'Apply' }).first();
        try {
            await apply.click({ timeout: 5000 });
            this.log('refactor preview: clicked Apply');
        } catch {
            await this.runCommand('Refactor Preview: Apply Refactoring');
        }
        await panel.waitFor({ state: 'hidden', timeout: 30_000 });
        return ticked;
    }

    async tickAllPreviewRows(panel) {
        const list = panel.locator('.monaco-list').first();
        // One atomic read of the focused row (the tree re-renders rows while we move).
        const readFocused = () =>
            panel.evaluate((el) => {
                const row = el.querySelector('.monaco-list-row.focused');
                if (!row) {
                    return null;
                }
                const box = row.querySelector('input.edit-checkbox');
                const label = [...row.querySelectorAll('.label-name, .label-description, .details')].map((e) => e.textContent).join(' ').trim();
                return {
                    index: row.getAttribute('data-index'),
                    collapsed: row.getAttribute('aria-expanded') === 'false',
                    untickedBox: !!box && !box.checked && !box.disabled,
                    label: label || row.textContent,
                };
            });
        // Waits until the focus has moved away from row `index` (the DOM lags behind the keyboard).
        const nextRow = async (index) => {
            const end = Date.now() + 1500;
            for (;;) {
                const row = await readFocused();
                if ((row && row.index !== index) || Date.now() > end) {
                    return row && row.index !== index ? row : null;
                }
                await sleep(50);
            }
        };
        const ticked = [];
        await list.focus();
        await this.page.keyboard.press('Home');
        let row = await readFocused();
        let visited = 0;
        while (row && visited < 10_000) {
            visited++;
            if (row.collapsed) {
                await this.page.keyboard.press('ArrowRight');
                await sleep(150);
            }
            if (row.untickedBox) {
                ticked.push(row.label);
                await this.tickFocusedRow(readFocused);
            }
            await this.page.keyboard.press('ArrowDown');
            row = await nextRow(row.index); // null: the last row was reached
        }
        this.log(`refactor preview: visited ${visited} rows, ticked ${JSON.stringify(ticked)}`);
        const stillUnticked = await panel.locator('input.edit-checkbox:not(:checked):not(:disabled)').count();
        if (stillUnticked) {
            throw new Error(`refactor preview: ${stillUnticked} rows still unticked after visiting every row`);
        }
        return ticked;
    }

    /** Space (refactorPreview.toggleCheckedState) on the focused row, until its box shows ticked. */
    async tickFocusedRow(readFocused) {
        for (let attempt = 0; attempt < 2; attempt++) {
            await this.page.keyboard.press('Space');
            // A generous wait: a second Space after a late first one would untick the row again (seen on a loaded machine).
            const end = Date.now() + 4000;
            while (Date.now() < end) {
                await sleep(50);
                if (!(await readFocused())?.untickedBox) {
                    await sleep(200); // ticking a file ticks its changes: let the rows below re-render
                    return;
                }
            }
        }
        throw new Error(`refactor preview: could not tick ${JSON.stringify((await readFocused())?.label)}`);
    }

    /** Number of unsaved files, from the Explorer's activity bar badge ("Explorer (…) - 2 unsaved files"). */
    async unsavedFiles() {
        const explorer = this.page.locator('.activitybar .action-label.codicon-explorer-view-icon').first();
        const label = (await explorer.count()) ? await explorer.getAttribute('aria-label') : null;
        const match = /(\d+) unsaved/.exec(label ?? '');
        return match ? Number(match[1]) : 0;
    }

    /**
     * Saves every unsaved file through the palette ("File: Save All"; code-server 4.100 / VS Code 1.100 calls it
     * "File: Save All Files", with a category-less "Save All" next to it) until the Explorer badge reports no unsaved
     * file. Those commands save *editors*: files that a workspace edit changed without an editor are opened by
     * VS Code about a second later, hence the rounds. Returns the number of save rounds.
     */
    async saveAll({ timeout = 60_000 } = {}) {
        const end = Date.now() + timeout;
        let rounds = 0;
        await sleep(1500);
        for (;;) {
            const unsaved = await this.unsavedFiles();
            if (unsaved === 0) {
                this.log(`all files saved (${rounds} save rounds)`);
                return rounds;
            }
            if (Date.now() > end) {
                throw new Error(`${unsaved} files still unsaved after ${rounds} save rounds`);
            }
            const offered = await this.paletteCommands('Save All').catch(() => []);
            const title = SAVE_ALL_TITLES.find((candidate) => offered.includes(candidate));
            if (title) {
                rounds++;
                this.log(`${unsaved} unsaved files: running "${title}"`);
                await this.runCommand(title);
                await this.page.locator('.tabs-container .tab.dirty').first().waitFor({ state: 'detached', timeout: 30_000 });
            }
            await sleep(1000);
        }
    }

    /**
     * Opens the quick-fix menu (Ctrl+.) at the cursor until an item starting with `prefix` is offered
     * (diagnostics may arrive late), then selects it with the keyboard. Returns all titles that were offered.
     */
    async applyQuickFix(prefix, timeout = 60_000) {
        const widgetRows = this.page.locator('.action-widget .monaco-list-row');
        const end = Date.now() + timeout;
        let titles = [];
        while (Date.now() < end) {
            await this.page.locator('.monaco-editor textarea').first().focus();
            await this.page.keyboard.press('Control+.');
            try {
                await widgetRows.first().waitFor({ timeout: 2000 });
                titles = (await widgetRows.allInnerTexts()).map((t) => t.replace(/\u00a0/g, ' ').trim());
            } catch {
                titles = [];
            }
            if (titles.some((t) => t.startsWith(prefix))) {
                for (let i = 0; i < titles.length + 2; i++) {
                    const focused = (await this.page.locator('.action-widget .monaco-list-row.focused').first().innerText().catch(() => '')).trim();
                    if (focused.startsWith(prefix)) {
                        await this.page.keyboard.press('Enter');
                        this.log(`quick fix: picked "${focused}"`);
                        return { picked: focused, titles };
                    }
                    await this.page.keyboard.press('ArrowDown');
                }
            }
            await this.page.keyboard.press('Escape');
            await sleep(1000);
        }
        return { picked: null, titles };
    }

    /** Visible lines of the active editor in line order (Monaco renders them out of order, spaces as U+00A0). */
    async visibleEditorLines() {
        return this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().evaluate((el) =>
            [...el.querySelectorAll('.view-line')]
                .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
                .map((line) => line.textContent.replace(/\u00a0/g, ' ')),
        );
    }

    async activeTabLabel() {
        return this.page.locator('.tabs-container .tab.active').first().getAttribute('aria-label');
    }

    async activeTabDirty() {
        return this.page.locator('.tabs-container .tab.active.dirty').isVisible();
    }

    /** Screenshot of the side bar (explorer) and one of the whole window. */
    async screenshots(dir, name) {
        fs.mkdirSync(dir, { recursive: true });
        await this.page.screenshot({ path: path.join(dir, `${name}-window.png`) });
        const sidebar = this.page.locator('.part.sidebar');
        if (await sidebar.isVisible()) {
            await sidebar.screenshot({ path: path.join(dir, `${name}-explorer.png`) });
        }
    }

    async close() {
        await this.context.close().catch(() => undefined);
    }
}

async function readNotifications(items) {
    const result = [];
    for (const item of await items.all()) {
        const icon = (await item.locator('.notification-list-item-icon').getAttribute('class').catch(() => '')) ?? '';
        result.push({
            severity: /codicon-error/.test(icon) ? 'error' : /codicon-warning/.test(icon) ? 'warning' : 'info',
            message: (await item.locator('.notification-list-item-message').innerText().catch(() => '')).trim(),
            source: (await item.locator('.notification-list-item-source').innerText().catch(() => '')).trim(),
            buttons: (await item.locator('.notification-list-item-buttons-container .monaco-button').allInnerTexts()).map((b) => b.trim()),
        });
    }
    return result;
}

function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
