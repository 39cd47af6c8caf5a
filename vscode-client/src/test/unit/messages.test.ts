import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isOrganizeResult, organizeNotice, probeFailureMessage } from '../../common/messages';

describe('organizeNotice', () => {
    it('reports moves and edits when applied', () => {
        assert.deepEqual(organizeNotice({ applied: true, moves: 5, edits: 1, failureReason: null }), {
            level: 'info',
            message: 'Backend organized: moved 5 files, updated 1 reference. Save all files to keep the edits.',
        });
    });

    it('says when there was nothing to do', () => {
        assert.equal(organizeNotice({ applied: true, moves: 0, edits: 0, failureReason: null }).message, 'Backend is already organized: nothing to move.');
    });

    it('shows the failure reason as a warning', () => {
        assert.deepEqual(organizeNotice({ applied: false, moves: 0, edits: 0, failureReason: 'target exists: api/views.py' }), {
            level: 'warning',
            message: 'Backend not organized: target exists: api/views.py',
        });
    });

    it('treats "not applied" without a reason as cancelled (preview discarded)', () => {
        assert.equal(organizeNotice({ applied: false, moves: 3, edits: 2, failureReason: null }).level, 'info');
        assert.match(organizeNotice({ applied: false, moves: 3, edits: 2 }).message, /cancelled/);
    });

    it('rejects malformed results', () => {
        assert.equal(isOrganizeResult({ applied: 'yes' }), false);
        assert.equal(isOrganizeResult(null), false);
        assert.equal(organizeNotice(undefined).level, 'error');
    });
});

describe('probeFailureMessage', () => {
    const install = '/v/bin/python -m pip install backend-organizer';

    it('names the interpreter and the exact install command when the package is missing', () => {
        assert.equal(
            probeFailureMessage({ kind: 'missing-module' }, '/v/bin/python', install, 20_000),
            'backend-organizer is not installed for the Python interpreter /v/bin/python. Install it with: /v/bin/python -m pip install backend-organizer',
        );
    });

    it('explains a missing interpreter, a timeout and a broken install', () => {
        assert.match(probeFailureMessage({ kind: 'interpreter-not-found', detail: 'ENOENT' }, '/nope', install, 20_000), /"\/nope" was not found/);
        assert.match(probeFailureMessage({ kind: 'timeout' }, '/v/bin/python', install, 20_000), /timed out after 20 s/);
        assert.match(probeFailureMessage({ kind: 'import-error', detail: 'SyntaxError: x' }, '/v/bin/python', install, 20_000), /\(SyntaxError: x\)\. Reinstall it with: /);
    });
});
