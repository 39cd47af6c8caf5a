import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { classifyFailure, probeModule } from '../../common/probe';

function hasPython3(): boolean {
    try {
        execFileSync('python3', ['--version']);
        return true;
    } catch {
        return false;
    }
}

describe('classifyFailure', () => {
    it('recognises a missing interpreter', () => {
        assert.deepEqual(classifyFailure({ code: 'ENOENT', message: 'spawn x ENOENT' }, '', 'pkg'), { kind: 'interpreter-not-found', detail: 'ENOENT' });
    });

    it('recognises a timeout', () => {
        assert.deepEqual(classifyFailure({ code: null, killed: true, signal: 'SIGTERM', message: '' }, '', 'pkg'), { kind: 'timeout' });
    });

    it('recognises the missing top-level package only', () => {
        const missing = "Traceback (most recent call last):\n  File \"<string>\", line 1\nModuleNotFoundError: No module named 'backend_organizer'\n";
        assert.deepEqual(classifyFailure({ code: 1, message: 'Command failed' }, missing, 'backend_organizer'), { kind: 'missing-module' });
        const brokenDependency = "ModuleNotFoundError: No module named 'libcst'\n";
        assert.deepEqual(classifyFailure({ code: 1, message: 'Command failed' }, brokenDependency, 'backend_organizer'), {
            kind: 'import-error',
            detail: "ModuleNotFoundError: No module named 'libcst'",
        });
    });
});

describe('probeModule (real processes)', { skip: !hasPython3() && 'python3 not on PATH' }, () => {
    it('finds a stdlib module', async () => {
        assert.deepEqual(await probeModule('python3', 'json', 10_000), { kind: 'ok' });
    });

    it('reports a module that is not installed', async () => {
        assert.deepEqual(await probeModule('python3', 'backend_organizer_surely_missing', 10_000), { kind: 'missing-module' });
    });

    it('reports an interpreter that does not exist', async () => {
        const result = await probeModule('/nonexistent/bin/python', 'json', 10_000);
        assert.equal(result.kind, 'interpreter-not-found');
    });

    it('times out', async () => {
        const result = await probeModule('python3', 'json; import time; time.sleep(5)', 300);
        assert.deepEqual(result, { kind: 'timeout' });
    });
});
