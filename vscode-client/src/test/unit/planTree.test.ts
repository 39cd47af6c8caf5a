import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildPlanTree, checkPackageName, contextValue, fileDescription, fileTooltip } from '../../common/planTree';

const answer = {
    applied: true,
    plan: {
        root: '/work/shop',
        backend: 'backend',
        packages: [
            { category: 'services', name: 'services', path: 'backend/services', reason: 'new package' },
            { category: 'agents', name: 'ai_agents', path: 'backend/ai_agents', reason: 'agents would shadow openai-agents' },
            { category: 'utils', name: 'utils', path: 'backend/utils', reason: '' },
        ],
        decisions: [
            { path: 'backend/session_service.py', to: 'backend/services/session_service.py', reason: 'name word service' },
            { path: 'backend/agent.py', to: 'backend/ai_agents/agent.py', reason: 'defines an Agent' },
            { path: 'backend/chat_service.py', to: 'backend/services/chat_service.py', reason: 'your rule' },
            { path: 'backend/main.py', to: null, reason: 'creates FastAPI(): stays at the root' },
            { path: 'backend/auth.py', to: null, reason: 'kept in place by keep' },
        ],
    },
    config: { rules: { 'chat_service.py': 'services' }, keep: ['auth.py'], exclude: ['backend/legacy.py'] },
};

describe('buildPlanTree', () => {
    const tree = buildPlanTree(answer)!;

    it('groups moved files by package, in the plan order, then what stays, then what is excluded', () => {
        assert.deepEqual(
            tree.groups.map((g) => [g.kind, g.label, g.files.map((f) => f.name)]),
            [
                ['package', 'services/', ['chat_service.py', 'session_service.py']],
                ['package', 'ai_agents/', ['agent.py']],
                ['stays', 'Stays in place', ['auth.py', 'main.py']],
                ['excluded', 'Excluded', ['legacy.py']],
            ],
        );
        assert.deepEqual(tree.packages, ['services', 'ai_agents', 'utils']);
        assert.equal(tree.groups[1].description, '1 file');
        assert.equal(tree.groups[1].tooltip, 'backend/ai_agents/\nagents would shadow openai-agents');
    });

    it('marks what the user decided, for the menus and the description', () => {
        const [services, , stays, excluded] = tree.groups;
        const chat = services.files[0];
        const session = services.files[1];
        const auth = stays.files[0];
        assert.equal(chat.origin, 'rule');
        assert.equal(contextValue(chat), 'file.configured');
        assert.equal(fileDescription(chat), 'backend/chat_service.py · your rule');
        assert.equal(contextValue(session), 'file');
        assert.equal(fileDescription(session), 'backend/session_service.py');
        assert.equal(auth.origin, 'keep');
        assert.equal(fileDescription(auth), 'backend/auth.py · kept by you');
        assert.equal(contextValue(excluded.files[0]), 'file.excluded');
        assert.equal(fileTooltip(excluded.files[0]), 'backend/legacy.py excluded\n[tool.backend-organizer] exclude = "backend/legacy.py": neither moved nor edited');
    });

    it('gives every file its reason as tooltip', () => {
        assert.equal(fileTooltip(tree.groups[1].files[0]), 'backend/agent.py → backend/ai_agents/agent.py\ndefines an Agent');
        assert.equal(fileTooltip(tree.groups[2].files[1]), 'backend/main.py stays\ncreates FastAPI(): stays at the root');
    });

    it('works on the workspace root as backend and on partial answers', () => {
        const flat = buildPlanTree({ plan: { backend: '', decisions: [{ path: 'helpers.py', to: 'utils/helpers.py', reason: 'r' }] } })!;
        assert.deepEqual(flat.groups.map((g) => g.label), ['utils/']);
        assert.equal(flat.groups[0].files[0].origin, 'organizer');
        assert.equal(fileDescription(flat.groups[0].files[0]), '');
        assert.equal(buildPlanTree({ config: {} }), undefined);
        assert.equal(buildPlanTree('nope'), undefined);
        assert.deepEqual(buildPlanTree({ plan: {} })!.groups, []);
    });
});

describe('checkPackageName', () => {
    it('accepts identifiers only', () => {
        assert.equal(checkPackageName('payments'), undefined);
        assert.equal(checkPackageName('_x1'), undefined);
        assert.match(checkPackageName('1x') ?? '', /identifier/);
        assert.match(checkPackageName('my-pkg') ?? '', /identifier/);
    });
});
