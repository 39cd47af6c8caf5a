/**
 * The server's organization plan (`backendOrganizer.plan`) and its Markdown rendering.
 * Pure (no `vscode` import). Fields the server leaves out are treated as empty, so a partial plan still renders.
 */

export interface PlanMove {
    readonly from: string;
    readonly to: string;
    readonly reason: string;
}

export interface PlanEdit {
    readonly path: string;
    readonly count: number;
}

export interface PlanWarning {
    readonly path: string;
    readonly line: number | null;
    readonly code: string;
    readonly message: string;
}

export interface PlanUnclassified {
    readonly path: string;
    readonly reason: string;
}

export interface Plan {
    readonly root: string;
    readonly backend: string;
    readonly moves: readonly PlanMove[];
    readonly created: readonly string[];
    readonly edits: readonly PlanEdit[];
    readonly warnings: readonly PlanWarning[];
    readonly unclassified: readonly PlanUnclassified[];
}

type Json = Record<string, unknown>;

const str = (v: unknown): string =>
    typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : v === undefined || v === null ? '' : JSON.stringify(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const records = (v: unknown): Json[] =>
    Array.isArray(v) ? v.filter((x): x is Json => typeof x === 'object' && x !== null) : [];

/** Normalises the server's JSON; returns undefined when it is not an object at all. */
export function parsePlan(value: unknown): Plan | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return undefined;
    }
    const v = value as Json;
    return {
        root: str(v.root),
        backend: str(v.backend),
        moves: records(v.moves).map((m) => ({ from: str(m.from), to: str(m.to), reason: str(m.reason) })),
        created: Array.isArray(v.created) ? v.created.map(str) : [],
        edits: records(v.edits).map((e) => ({ path: str(e.path), count: num(e.count) ?? 0 })),
        warnings: records(v.warnings).map((w) => ({
            path: str(w.path),
            line: num(w.line),
            code: str(w.code),
            message: str(w.message),
        })),
        unclassified: records(v.unclassified).map((u) => ({ path: str(u.path), reason: str(u.reason) })),
    };
}

/** Escapes text for a GFM table cell: pipes (also inside code spans) and line breaks. */
export function cell(text: string): string {
    return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function code(text: string): string {
    return text ? `\`${text.replace(/`/g, "'")}\`` : '';
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
    return [
        `| ${header.join(' | ')} |`,
        `| ${header.map(() => '---').join(' | ')} |`,
        ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
    ];
}

function section(title: string, count: number, body: string[], empty: string): string[] {
    return ['', `## ${title} (${count})`, '', ...(count === 0 ? [`_${empty}_`] : body)];
}

/** Renders the plan as a Markdown document: a table of moves with reasons, then the other lists. */
export function renderPlanMarkdown(plan: Plan): string {
    const totalEdits = plan.edits.reduce((sum, e) => sum + e.count, 0);
    const lines = [
        '# Backend organization plan',
        '',
        `- Root: ${code(plan.root) || '_unknown_'}`,
        `- Backend: ${code(plan.backend || '.')}`,
        `- ${plan.moves.length} moves, ${plan.created.length} new files, ${totalEdits} edits in ${plan.edits.length} files`,
        '',
        '_Preview only: nothing has been changed. Run "Backend Organizer: Organize backend structure" to apply it._',
    ];
    lines.push(
        ...section(
            'Moves',
            plan.moves.length,
            table(['From', 'To', 'Reason'], plan.moves.map((m) => [code(m.from), code(m.to), m.reason])),
            'Nothing to move: the backend is already organized.',
        ),
        ...section('Created files', plan.created.length, plan.created.map((p) => `- ${code(p)}`), 'None.'),
        ...section(
            'Edited files',
            plan.edits.length,
            table(['File', 'Edits'], plan.edits.map((e) => [code(e.path), String(e.count)])),
            'None.',
        ),
        ...section(
            'Warnings',
            plan.warnings.length,
            table(
                ['Location', 'Code', 'Message'],
                plan.warnings.map((w) => [code(w.line === null ? w.path : `${w.path}:${w.line}`), w.code, w.message]),
            ),
            'None.',
        ),
        ...section(
            'Unclassified files',
            plan.unclassified.length,
            table(['File', 'Reason'], plan.unclassified.map((u) => [code(u.path), u.reason])),
            'None: every module has a target package.',
        ),
    );
    return lines.join('\n') + '\n';
}
