import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cell, parsePlan, renderPlanMarkdown } from '../../common/plan';

const samplePlan = {
    root: '/work/shop',
    backend: 'backend',
    moves: [
        { from: 'backend/user_models.py', to: 'backend/models/user.py', reason: 'matches rule *_models.py' },
        { from: 'backend/api_views.py', to: 'backend/api/views.py', reason: 'imports flask | views' },
    ],
    created: ['backend/models/__init__.py', 'backend/api/__init__.py'],
    edits: [
        { path: 'backend/app.py', count: 3 },
        { path: 'tests/test_api.py', count: 2 },
    ],
    warnings: [{ path: 'backend/app.py', line: 12, code: 'dynamic-import', message: 'importlib.import_module("x")' }],
    unclassified: [{ path: 'backend/misc.py', reason: 'no rule matched' }],
};

describe('parsePlan', () => {
    it('keeps a complete plan as it is', () => {
        assert.deepEqual(parsePlan(samplePlan), samplePlan);
    });

    it('fills missing or malformed fields with empty values', () => {
        const plan = parsePlan({ moves: [{ from: 'a.py' }, 'junk'], edits: [{ path: 'b.py', count: 'x' }], warnings: null });
        assert.deepEqual(plan, {
            root: '',
            backend: '',
            moves: [{ from: 'a.py', to: '', reason: '' }],
            created: [],
            edits: [{ path: 'b.py', count: 0 }],
            warnings: [],
            unclassified: [],
        });
    });

    it('rejects non-objects', () => {
        assert.equal(parsePlan(null), undefined);
        assert.equal(parsePlan([]), undefined);
        assert.equal(parsePlan('plan'), undefined);
    });
});

describe('renderPlanMarkdown', () => {
    const markdown = renderPlanMarkdown(parsePlan(samplePlan)!);

    it('has a title and a summary line', () => {
        assert.ok(markdown.startsWith('# Backend organization plan\n'));
        assert.match(markdown, /- Root: `\/work\/shop`/);
        assert.match(markdown, /- 2 moves, 2 new files, 5 edits in 2 files/);
    });

    it('renders moves as a table with reasons, escaping pipes', () => {
        assert.match(markdown, /## Moves \(2\)\n\n\| From \| To \| Reason \|\n\| --- \| --- \| --- \|\n/);
        assert.match(markdown, /\| `backend\/user_models.py` \| `backend\/models\/user.py` \| matches rule \*_models.py \|/);
        assert.match(markdown, /\| imports flask \\\| views \|/);
    });

    it('lists created files, edits, warnings with line numbers and unclassified files', () => {
        assert.match(markdown, /## Created files \(2\)\n\n- `backend\/models\/__init__.py`\n- `backend\/api\/__init__.py`/);
        assert.match(markdown, /\| `tests\/test_api.py` \| 2 \|/);
        assert.match(markdown, /\| `backend\/app.py:12` \| dynamic-import \| importlib.import_module\("x"\) \|/);
        assert.match(markdown, /## Unclassified files \(1\)\n\n\| File \| Reason \|\n\| --- \| --- \|\n\| `backend\/misc.py` \| no rule matched \|/);
    });

    it('says so when there is nothing to do', () => {
        const empty = renderPlanMarkdown(parsePlan({ root: '/r', backend: '' })!);
        assert.match(empty, /## Moves \(0\)\n\n_Nothing to move: the backend is already organized._/);
        assert.match(empty, /- Backend: `.`/);
        assert.ok(!empty.includes('| From |'));
    });
});

describe('cell', () => {
    it('escapes pipes and flattens line breaks', () => {
        assert.equal(cell('a|b\r\nc\nd'), 'a\\|b c d');
    });
});
