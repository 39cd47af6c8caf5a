// An isolated code-server (VS Code in the browser) on 127.0.0.1 with one .vsix installed.
// Everything it writes (user data, extensions, XDG config/data, logs) stays under `dataDir`.
// It runs in its own process group (spawn detached = setsid), so stop() can end its whole tree
// (killing only the main process leaves file-watcher children behind).
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Settings for a quiet, deterministic workbench; the caller's settings are merged over these. */
export const BASE_SETTINGS = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'update.mode': 'none',
    'chat.disableAIFeatures': true,
    'files.autoSave': 'off',
    'git.enabled': false,
};

export function freePort() {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address();
            server.close(() => resolve(port));
        });
    });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function groupAlive(pgid) {
    try {
        process.kill(-pgid, 0);
        return true;
    } catch {
        return false;
    }
}

/**
 * @param {object} o
 * @param {string} o.bin        code-server executable
 * @param {string} o.dataDir    fresh folder for this instance
 * @param {string} [o.vsix]     extension to install first
 * @param {object} [o.settings] user settings (merged over BASE_SETTINGS)
 * @param {object} [o.env]      environment for code-server and thus the extension host
 */
export async function startCodeServer({ bin, dataDir, vsix, settings = {}, env = process.env, log = console.log }) {
    const dirs = {
        user: path.join(dataDir, 'user'),
        ext: path.join(dataDir, 'extensions'),
        config: path.join(dataDir, 'config.yaml'),
        xdgConfig: path.join(dataDir, 'xdg', 'config'),
        xdgData: path.join(dataDir, 'xdg', 'data'),
        xdgCache: path.join(dataDir, 'xdg', 'cache'),
        log: path.join(dataDir, 'code-server.log'),
    };
    for (const dir of [path.join(dirs.user, 'User'), dirs.ext, dirs.xdgConfig, dirs.xdgData, dirs.xdgCache]) {
        fs.mkdirSync(dir, { recursive: true });
    }
    fs.writeFileSync(path.join(dirs.user, 'User', 'settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...settings }, null, 2));
    const port = await freePort();
    fs.writeFileSync(dirs.config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
    // code-server writes config and logs under XDG_CONFIG_HOME/XDG_DATA_HOME and a device id under
    // XDG_CACHE_HOME whatever --user-data-dir says; keep all of it out of HOME.
    const childEnv = { ...env, XDG_CONFIG_HOME: dirs.xdgConfig, XDG_DATA_HOME: dirs.xdgData, XDG_CACHE_HOME: dirs.xdgCache };
    const common = ['--config', dirs.config, '--user-data-dir', dirs.user, '--extensions-dir', dirs.ext];

    if (vsix) {
        const { stdout, stderr } = await execFileAsync(bin, [...common, '--install-extension', vsix], { env: childEnv, timeout: 120_000 });
        if (!/successfully installed/i.test(stdout + stderr)) {
            throw new Error(`installing ${vsix} failed:\n${stdout}${stderr}`);
        }
        log(`installed ${path.basename(vsix)}`);
    }

    const out = fs.openSync(dirs.log, 'a');
    const child = spawn(
        bin,
        [
            ...common,
            '--bind-addr', `127.0.0.1:${port}`,
            '--auth', 'none',
            '--disable-telemetry',
            '--disable-update-check',
            '--disable-workspace-trust',
            '--disable-getting-started-override',
        ],
        { env: childEnv, detached: true, stdio: ['ignore', out, out] },
    );
    fs.closeSync(out);
    const pgid = child.pid;
    let exited = false;
    child.once('exit', () => {
        exited = true;
    });
    const killGroupNow = () => {
        try {
            process.kill(-pgid, 'SIGKILL');
        } catch {
            // already gone
        }
    };
    // Last resort if the driver dies without calling stop().
    process.once('exit', killGroupNow);

    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 60_000;
    for (;;) {
        if (exited) {
            throw new Error(`code-server exited during startup; log:\n${fs.readFileSync(dirs.log, 'utf8').slice(-3000)}`);
        }
        try {
            const response = await fetch(`${url}/healthz`);
            if (response.ok) {
                break;
            }
        } catch {
            // not listening yet
        }
        if (Date.now() > deadline) {
            killGroupNow();
            throw new Error(`code-server did not answer on ${url}/healthz within 60 s`);
        }
        await sleep(200);
    }
    log(`code-server up at ${url} (process group ${pgid})`);

    return {
        url,
        pgid,
        logFile: dirs.log,
        /** SIGTERM to the whole process group, SIGKILL after 5 s. */
        async stop() {
            process.removeListener('exit', killGroupNow);
            try {
                process.kill(-pgid, 'SIGTERM');
            } catch {
                return;
            }
            const end = Date.now() + 5000;
            while (groupAlive(pgid) && Date.now() < end) {
                await sleep(100);
            }
            if (groupAlive(pgid)) {
                killGroupNow();
            }
        },
    };
}
