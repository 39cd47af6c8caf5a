/**
 * The editable plan as a tree: one node per target package with the files that move there, then the files that
 * stay and the excluded paths. Built from the answer of the server's `backendOrganizer.configure`
 * (`{plan, config}`). Pure (no `vscode` import), so it is unit-tested without an editor.
 */

/** How a file's place is decided: by the organizer, or by the user's own entry in `[tool.backend-organizer]`. */
export type Origin = 'organizer' | 'rule' | 'keep' | 'exclude';

export interface FileNode {
    readonly kind: 'file';
    /** Path from the workspace root (`backend/agent.py`); what the server's configure command takes. */
    readonly path: string;
    readonly name: string;
    /** Where it goes, from the root; null when it stays. */
    readonly to: string | null;
    readonly reason: string;
    readonly origin: Origin;
}

export interface GroupNode {
    readonly kind: 'package' | 'stays' | 'excluded';
    readonly label: string;
    /** The package name (a folder of the backend) for `package` groups. */
    readonly package: string | null;
    readonly description: string;
    /** The hover: the folder and why the package has its name. */
    readonly tooltip: string;
    readonly files: readonly FileNode[];
}

export interface PlanTree {
    readonly root: string;
    readonly backend: string;
    readonly groups: readonly GroupNode[];
    /** Package names a file can be moved to: those of the plan, in order. */
    readonly packages: readonly string[];
}

type Json = Record<string, unknown>;

const records = (v: unknown): Json[] =>
    Array.isArray(v) ? v.filter((x): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x)) : [];
const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const count = (n: number): string => `${n} ${n === 1 ? 'file' : 'files'}`;
const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);
const parentOf = (path: string): string => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');

/** `services` for `backend/services/x.py` in backend `backend` (the first folder below the backend). */
function packageOf(to: string, backend: string): string {
    const prefix = backend ? `${backend}/` : '';
    const inside = to.startsWith(prefix) ? to.slice(prefix.length) : to;
    return inside.includes('/') ? inside.slice(0, inside.indexOf('/')) : parentOf(inside);
}

function origin(path: string, backend: string, config: Json): Origin {
    const name = baseName(path);
    const topLevel = parentOf(path) === backend;
    const rules = typeof config.rules === 'object' && config.rules !== null ? (config.rules as Json) : {};
    if (topLevel && strings(config.keep).includes(name)) {
        return 'keep';
    }
    if (topLevel && Object.prototype.hasOwnProperty.call(rules, name)) {
        return 'rule';
    }
    return 'organizer';
}

/** The tree of a configure answer; undefined when it holds no plan. */
export function buildPlanTree(answer: unknown): PlanTree | undefined {
    if (typeof answer !== 'object' || answer === null) {
        return undefined;
    }
    const { plan, config } = answer as Json;
    if (typeof plan !== 'object' || plan === null) {
        return undefined;
    }
    const p = plan as Json;
    const settings = typeof config === 'object' && config !== null ? (config as Json) : {};
    const backend = text(p.backend);
    const packages = records(p.packages).map((x) => text(x.name)).filter(Boolean);
    const byPackage = new Map<string, FileNode[]>(packages.map((name) => [name, []]));
    const stays: FileNode[] = [];
    for (const decision of records(p.decisions)) {
        const path = text(decision.path);
        const to = typeof decision.to === 'string' && decision.to ? decision.to : null;
        const file: FileNode = { kind: 'file', path, name: baseName(path), to, reason: text(decision.reason), origin: origin(path, backend, settings) };
        if (to === null) {
            stays.push(file);
            continue;
        }
        const name = packageOf(to, backend);
        byPackage.set(name, [...(byPackage.get(name) ?? []), file]);
    }
    const reasons = new Map(records(p.packages).map((x) => [text(x.name), text(x.reason)]));
    const groups: GroupNode[] = [...byPackage.entries()]
        .filter(([, files]) => files.length > 0)
        .map(([name, files]) => ({
            kind: 'package' as const,
            label: `${name}/`,
            package: name,
            description: count(files.length),
            tooltip: [`${backend ? `${backend}/` : ''}${name}/`, reasons.get(name) ?? ''].filter(Boolean).join('\n'),
            files: [...files].sort((a, b) => a.name.localeCompare(b.name)),
        }));
    if (stays.length > 0) {
        groups.push({
            kind: 'stays',
            label: 'Stays in place',
            package: null,
            description: count(stays.length),
            tooltip: 'Files the plan leaves where they are',
            files: [...stays].sort((a, b) => a.name.localeCompare(b.name)),
        });
    }
    const excluded = strings(settings.exclude);
    if (excluded.length > 0) {
        groups.push({
            kind: 'excluded',
            label: 'Excluded',
            package: null,
            description: count(excluded.length),
            tooltip: 'exclude in [tool.backend-organizer]: neither moved nor edited',
            files: excluded.map((path) => ({
                kind: 'file' as const,
                path,
                name: baseName(path),
                to: null,
                reason: `[tool.backend-organizer] exclude = "${path}": neither moved nor edited`,
                origin: 'exclude' as const,
            })),
        });
    }
    const known = [...new Set([...packages, ...groups.flatMap((g) => (g.package ? [g.package] : []))])];
    return { root: text(p.root), backend, groups, packages: known };
}

/** The tree item's context value: `file` (organizer's choice) or `file.configured`; menus match on it. */
export function contextValue(file: FileNode): string {
    return file.origin === 'organizer' ? 'file' : file.origin === 'exclude' ? 'file.excluded' : 'file.configured';
}

/** What the tree shows beside a file's name: its path now (when it is not just the name), and who placed it. */
export function fileDescription(file: FileNode): string {
    const by = file.origin === 'rule' ? 'your rule' : file.origin === 'keep' ? 'kept by you' : '';
    return [file.path === file.name ? '' : file.path, by].filter(Boolean).join(' · ');
}

/** The hover of a file: why it goes where it goes. */
export function fileTooltip(file: FileNode): string {
    const where = file.to ? `→ ${file.to}` : file.origin === 'exclude' ? 'excluded' : 'stays';
    return `${file.path} ${where}\n${file.reason}`;
}

/** A package name the user typed for "Move to package…": an error message, or undefined when it is fine. */
export function checkPackageName(name: string): string | undefined {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        return 'A package name is a Python identifier: letters, digits and _, not starting with a digit.';
    }
    return undefined;
}
