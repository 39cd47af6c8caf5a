// Runs one scenario against a fresh code-server + Chromium and writes a JSON result file.
//
// Usage: node e2e/scenarios/<name>.mjs <config.json>
// config.json:
//   workspace   folder to open (required)
//   vsix        extension to install (required)
//   python      value for backendOrganizer.interpreter (optional)
//   result      where to write the result JSON (default: <artifacts>/result.json)
//   artifacts   folder for screenshots and logs (default: <repo>/test-artifacts/vscode-<scenario>)
//   settings    extra user settings (optional)
//   codeServer  code-server executable (default: $BO_CODE_SERVER or
//               ~/.cache/backend-organizer-editors/code-server/node_modules/.bin/code-server)
//   chromium    Chromium executable (default: $BO_CHROMIUM or /usr/bin/chromium)
//   …           scenario-specific keys
// The result JSON always has { scenario, ok, error?, timings, log, ... scenario observations }.
// The process exits 0 when the scenario ran to its end (assertions are the caller's job), 1 otherwise.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCodeServer } from './codeServer.mjs';
import { Workbench } from './workbench.mjs';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

export function defaultCodeServer() {
    const cache =
        process.env.BO_EDITORS_CACHE ||
        path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'backend-organizer-editors');
    return process.env.BO_CODE_SERVER ?? path.join(cache, 'code-server', 'node_modules', '.bin', 'code-server');
}

export function defaultChromium() {
    return process.env.BO_CHROMIUM ?? '/usr/bin/chromium';
}

/** @param {string} name @param {(ctx: {wb: Workbench, config: any, lap: (m: string) => void, artifacts: string}) => Promise<object>} body */
export async function runScenario(name, body) {
    const configPath = process.argv[2];
    if (!configPath) {
        console.error(`usage: node ${process.argv[1]} <config.json>`);
        process.exit(2);
    }
    const config = JSON.parse(fs.readFileSync(configPath, 'utf8'));
    const artifacts = config.artifacts ?? path.join(REPO_ROOT, 'test-artifacts', `vscode-${name}`);
    const resultFile = config.result ?? path.join(artifacts, 'result.json');
    fs.mkdirSync(artifacts, { recursive: true });
    const dataDir = fs.mkdtempSync(path.join(config.tmpDir ?? os.tmpdir(), `bo-e2e-${name}-`));

    const t0 = Date.now();
    const result = { scenario: name, ok: false, timings: {}, log: [] };
    const log = (message) => {
        const line = `[${((Date.now() - t0) / 1000).toFixed(2)}s] ${message}`;
        result.log.push(line);
        console.log(line);
    };
    const lap = (label) => {
        result.timings[label] = (Date.now() - t0) / 1000;
        log(label);
    };

    let server;
    let wb;
    try {
        server = await startCodeServer({
            bin: config.codeServer ?? defaultCodeServer(),
            dataDir,
            vsix: config.vsix,
            settings: { ...(config.python ? { 'backendOrganizer.interpreter': config.python } : {}), ...config.settings },
            log,
        });
        lap('code-server started');
        wb = await Workbench.launch({ executablePath: config.chromium ?? defaultChromium(), profileDir: path.join(dataDir, 'chromium'), log });
        await wb.openFolder(server.url, config.workspace);
        lap('workbench ready');
        Object.assign(result, await body({ wb, config, lap, log, artifacts }));
        result.ok = true;
    } catch (error) {
        result.error = error instanceof Error ? error.stack ?? error.message : String(error);
        log(`ERROR ${result.error.split('\n')[0]}`);
        await wb?.screenshots(artifacts, 'error').catch(() => undefined);
    } finally {
        await wb?.close();
        await server?.stop();
        if (server) {
            fs.copyFileSync(server.logFile, path.join(artifacts, 'code-server.log'));
            copyExtensionHostLogs(dataDir, artifacts);
        }
        lap('done');
        fs.writeFileSync(resultFile, JSON.stringify(result, null, 2));
        if (!config.keepData) {
            fs.rmSync(dataDir, { recursive: true, force: true });
        }
    }
    process.exit(result.ok ? 0 : 1);
}

/** Keeps the extension's output channel ("Backend Organizer") and the extension host log for debugging. */
function copyExtensionHostLogs(dataDir, artifacts) {
    const logs = path.join(dataDir, 'user', 'logs');
    if (!fs.existsSync(logs)) {
        return;
    }
    for (const entry of fs.readdirSync(logs, { recursive: true })) {
        const file = String(entry);
        if (/Backend Organizer\.log$|exthost\.log$|remoteexthost\.log$/.test(file)) {
            fs.copyFileSync(path.join(logs, file), path.join(artifacts, path.basename(file).replace(/ /g, '-')));
        }
    }
}
