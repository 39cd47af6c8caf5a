import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { bundledLauncher, parseBundleCheck, parseImportStrategy, serverLaunch } from '../../common/launch';
import { probeFailureMessage } from '../../common/messages';
import { classifyBundleCheck, probeBundled } from '../../common/probe';

const EXT = '/home/dev/.vscode/extensions/backend-organizer.backend-organizer-0.1.0-linux-x64';
const LAUNCHER = path.join(EXT, 'bundled', 'tool', 'lsp_server.py');

describe('parseImportStrategy', () => {
    it('accepts the two strategies and defaults to useBundled', () => {
        assert.equal(parseImportStrategy('fromEnvironment'), 'fromEnvironment');
        assert.equal(parseImportStrategy('useBundled'), 'useBundled');
        for (const value of [undefined, null, '', 'bundled', 3, {}]) {
            assert.equal(parseImportStrategy(value), 'useBundled');
        }
    });
});

describe('serverLaunch', () => {
    it('runs the bundled launcher with the interpreter by default', () => {
        const launch = serverLaunch('/venv/bin/python', 'useBundled', EXT, 'backend_organizer');
        assert.equal(bundledLauncher(EXT), LAUNCHER);
        assert.deepEqual(launch, {
            strategy: 'useBundled',
            command: '/venv/bin/python',
            args: [LAUNCHER],
            probeArgs: [LAUNCHER, '--check'],
            display: `/venv/bin/python ${LAUNCHER}`,
        });
    });

    it('runs the installed module with fromEnvironment, probed by importing it', () => {
        assert.deepEqual(serverLaunch('python3', 'fromEnvironment', EXT, 'backend_organizer'), {
            strategy: 'fromEnvironment',
            command: 'python3',
            args: ['-m', 'backend_organizer', 'lsp'],
            probeArgs: ['-c', 'import backend_organizer'],
            display: 'python3 -m backend_organizer lsp',
        });
    });
});

describe('parseBundleCheck and classifyBundleCheck', () => {
    const bundled = '{"source": "bundled", "python": "CPython 3.12.3 on linux-x86_64", "message": "", "version": "0.1.0", "ok": true}';

    it('reads the last JSON line', () => {
        assert.deepEqual(parseBundleCheck(`noise\n${bundled}\n`), {
            ok: true,
            source: 'bundled',
            message: '',
            python: 'CPython 3.12.3 on linux-x86_64',
            version: '0.1.0',
        });
        assert.equal(parseBundleCheck('Traceback (most recent call last):\n'), undefined);
        assert.equal(parseBundleCheck('[1, 2]'), undefined);
    });

    it('classifies the outcomes', () => {
        assert.deepEqual(classifyBundleCheck(null, bundled, ''), { kind: 'ok' });
        const fallback = '{"source": "environment", "message": "The bundled server cannot run with x: y. Using z.", "ok": true}';
        assert.deepEqual(classifyBundleCheck(null, fallback, ''), { kind: 'ok', note: 'The bundled server cannot run with x: y. Using z.' });
        const none = '{"source": null, "message": "The bundled server cannot run with /p (CPython 3.15.0 on linux-x86_64): …", "ok": false}';
        const result = classifyBundleCheck({ code: 3, message: 'Command failed' }, none, '');
        assert.deepEqual(result, { kind: 'no-bundle', detail: 'The bundled server cannot run with /p (CPython 3.15.0 on linux-x86_64): …' });
        assert.equal(probeFailureMessage(result, '/p', '/p -m pip install backend-organizer', 20_000, true), result.kind === 'no-bundle' ? result.detail : '');
        assert.deepEqual(classifyBundleCheck({ code: 'ENOENT', message: 'spawn' }, '', ''), { kind: 'interpreter-not-found', detail: 'ENOENT' });
        assert.deepEqual(classifyBundleCheck({ code: 1, message: 'x' }, '', '  File "lsp_server.py"\nSyntaxError: invalid syntax\n'), {
            kind: 'import-error',
            detail: 'SyntaxError: invalid syntax',
        });
    });

    it('does not tell a bundle user to pip install when the interpreter is missing', () => {
        const message = probeFailureMessage({ kind: 'interpreter-not-found', detail: 'ENOENT' }, '/nope', 'x -m pip install backend-organizer', 20_000, true);
        assert.match(message, /"\/nope" was not found.*a Python 3\.11 or newer/);
        assert.doesNotMatch(message, /pip install/);
    });
});

function python3Version(): string | undefined {
    try {
        return execFileSync('python3', ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' }).trim();
    } catch {
        return undefined;
    }
}

/** A copy of the real launcher beside a fake bundle (libs/manifest.json, a stand-in server and libcst.native). */
function fakeExtension(versions: Record<string, string>): string {
    const ext = fs.mkdtempSync(path.join(os.tmpdir(), 'bo-launch-'));
    const source = path.resolve(__dirname, '..', '..', '..', 'bundled', 'tool', 'lsp_server.py');
    fs.mkdirSync(path.join(ext, 'bundled', 'tool'), { recursive: true });
    fs.copyFileSync(source, bundledLauncher(ext));
    const libs = path.join(ext, 'bundled', 'libs');
    for (const tag of Object.values(versions)) {
        fs.mkdirSync(path.join(libs, tag, 'libcst'), { recursive: true });
        fs.writeFileSync(path.join(libs, tag, 'libcst', '__init__.py'), '');
        fs.writeFileSync(path.join(libs, tag, 'libcst', 'native.py'), '');
    }
    fs.mkdirSync(path.join(libs, 'common', 'backend_organizer'), { recursive: true });
    fs.writeFileSync(path.join(libs, 'common', 'backend_organizer', '__init__.py'), '__version__ = "9.9.9"\n');
    fs.writeFileSync(path.join(libs, 'manifest.json'), JSON.stringify({ versions: Object.keys(versions), libs: versions, common: 'common' }));
    return ext;
}

describe('the bundled launcher (real processes)', { skip: python3Version() === undefined && 'python3 not on PATH' }, () => {
    const version = python3Version() ?? '';
    const env = { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONPATH: '' };

    it('uses the libraries bundled for this Python', async () => {
        const ext = fakeExtension({ [version]: `cp${version.replace('.', '')}` });
        const launch = serverLaunch('python3', 'useBundled', ext, 'backend_organizer');
        assert.deepEqual(await probeBundled(launch.command, launch.probeArgs, 20_000, env), { kind: 'ok' });
        const check = parseBundleCheck(execFileSync('python3', [...launch.probeArgs], { encoding: 'utf8', env }));
        assert.equal(check?.version, '9.9.9');
        assert.equal(check.location, path.join(ext, 'bundled', 'libs', 'common', 'backend_organizer'));
    });

    it('falls back to a server installed in the interpreter, and says why', async () => {
        const ext = fakeExtension({ '3.99': 'cp399' });
        const site = fs.mkdtempSync(path.join(os.tmpdir(), 'bo-site-'));
        fs.mkdirSync(path.join(site, 'backend_organizer'));
        fs.writeFileSync(path.join(site, 'backend_organizer', '__init__.py'), '__version__ = "1.2.3"\n');
        fs.mkdirSync(path.join(site, 'libcst'));
        fs.writeFileSync(path.join(site, 'libcst', '__init__.py'), '');
        fs.writeFileSync(path.join(site, 'libcst', 'native.py'), '');
        const launch = serverLaunch('python3', 'useBundled', ext, 'backend_organizer');
        const result = await probeBundled(launch.command, launch.probeArgs, 20_000, { ...env, PYTHONPATH: site });
        assert.equal(result.kind, 'ok');
        assert.match(result.note ?? '', /the bundle has CPython 3\.99 for Linux x86-64\. Using the backend-organizer installed/);
        const check = parseBundleCheck(execFileSync('python3', [...launch.probeArgs], { encoding: 'utf8', env: { ...env, PYTHONPATH: site } }));
        assert.deepEqual([check?.source, check?.version], ['environment', '1.2.3']);
    });

    it('explains which Pythons the bundle has when it has none for this one', async () => {
        const ext = fakeExtension({ '3.99': 'cp399' });
        const launch = serverLaunch('python3', 'useBundled', ext, 'backend_organizer');
        const result = await probeBundled(launch.command, launch.probeArgs, 20_000, env);
        // A python3 that has backend-organizer installed (a dev venv first on PATH) is used instead, and says so.
        const text = result.kind === 'no-bundle' ? result.detail : result.kind === 'ok' ? (result.note ?? '') : '';
        assert.match(text, /the bundle has CPython 3\.99 for Linux x86-64/);
        assert.match(text, result.kind === 'ok' ? /Using the backend-organizer installed in that interpreter/ : /Set backendOrganizer\.interpreter/);
    });
});
