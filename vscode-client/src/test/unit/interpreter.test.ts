import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { expandPath, installCommand, quoteShellArg, resolveInterpreter } from '../../common/interpreter';

describe('resolveInterpreter', () => {
    const ws = '/home/dev/shop';

    it('prefers the setting over the Python extension', () => {
        assert.deepEqual(
            resolveInterpreter({ setting: '/opt/py/bin/python', pythonExtension: '/usr/bin/python3.12', workspaceFolder: ws }),
            { command: '/opt/py/bin/python', source: 'setting' },
        );
    });

    it('uses the Python extension when the setting is empty or blank', () => {
        for (const setting of ['', '   ', undefined]) {
            assert.deepEqual(resolveInterpreter({ setting, pythonExtension: '/venv/bin/python', workspaceFolder: ws }), {
                command: '/venv/bin/python',
                source: 'python-extension',
            });
        }
    });

    it('falls back to python3 (python on Windows)', () => {
        assert.deepEqual(resolveInterpreter({ setting: '', pythonExtension: undefined, workspaceFolder: ws, platform: 'linux' }), {
            command: 'python3',
            source: 'default',
        });
        assert.equal(resolveInterpreter({ setting: '', pythonExtension: '', workspaceFolder: ws, platform: 'win32' }).command, 'python');
    });

    it('expands variables in the setting', () => {
        assert.equal(
            resolveInterpreter({ setting: '${workspaceFolder}/.venv/bin/python', pythonExtension: undefined, workspaceFolder: ws }).command,
            '/home/dev/shop/.venv/bin/python',
        );
    });
});

describe('expandPath', () => {
    const home = '/home/dev';

    it('expands ~ and ${userHome}', () => {
        assert.equal(expandPath('~/venvs/a/bin/python', undefined, home), path.join(home, 'venvs/a/bin/python'));
        assert.equal(expandPath('${userHome}/py', undefined, home), '/home/dev/py');
    });

    it('resolves relative paths against the workspace folder but leaves bare names for PATH', () => {
        assert.equal(expandPath('.venv/bin/python', '/ws', home), '/ws/.venv/bin/python');
        assert.equal(expandPath('python3.11', '/ws', home), 'python3.11');
    });

    it('leaves ${workspaceFolder} alone when there is no folder', () => {
        assert.equal(expandPath('${workspaceFolder}/py', undefined, home), '${workspaceFolder}/py');
    });
});

describe('installCommand', () => {
    it('gives the exact pip command for the interpreter', () => {
        assert.equal(installCommand('/tmp/v/bin/python', 'backend-organizer', 'linux'), '/tmp/v/bin/python -m pip install backend-organizer');
    });

    it('quotes paths that need it', () => {
        assert.equal(installCommand('/my venv/bin/python', 'backend-organizer', 'linux'), "'/my venv/bin/python' -m pip install backend-organizer");
        assert.equal(
            installCommand('C:\\Program Files\\Python\\python.exe', 'backend-organizer', 'win32'),
            '"C:\\Program Files\\Python\\python.exe" -m pip install backend-organizer',
        );
        assert.equal(quoteShellArg("it's", 'linux'), `'it'\\''s'`);
    });
});
