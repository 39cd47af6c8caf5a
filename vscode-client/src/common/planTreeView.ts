/** The "Backend Organization Plan" view: the tree of `./planTree` as a VS Code TreeDataProvider. */

import * as vscode from 'vscode';
import { contextValue, fileDescription, fileTooltip, type FileNode, type GroupNode, type PlanTree } from './planTree';

export type PlanNode = GroupNode | FileNode;

export const PLAN_VIEW_ID = 'backendOrganizer.planView';

export class PlanTreeProvider implements vscode.TreeDataProvider<PlanNode>, vscode.Disposable {
    private tree: PlanTree | undefined;
    private readonly changed = new vscode.EventEmitter<PlanNode | undefined>();
    readonly onDidChangeTreeData = this.changed.event;
    private readonly view: vscode.TreeView<PlanNode>;

    constructor() {
        this.view = vscode.window.createTreeView(PLAN_VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    }

    get current(): PlanTree | undefined {
        return this.tree;
    }

    /** Shows `tree`, named after `name` (the folder it is the plan of). */
    set(tree: PlanTree, name: string): void {
        this.tree = tree;
        const moves = tree.groups.filter((g) => g.kind === 'package').reduce((n, g) => n + g.files.length, 0);
        this.view.description = `${name}: ${moves} ${moves === 1 ? 'move' : 'moves'}`;
        this.view.message = moves === 0 ? 'Nothing to move: the backend is organized.' : undefined;
        this.changed.fire(undefined);
    }

    getChildren(node?: PlanNode): PlanNode[] {
        if (!this.tree) {
            return [];
        }
        if (!node) {
            return [...this.tree.groups];
        }
        return node.kind === 'file' ? [] : [...node.files];
    }

    getTreeItem(node: PlanNode): vscode.TreeItem {
        if (node.kind !== 'file') {
            const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
            item.description = node.description;
            item.tooltip = node.tooltip;
            item.contextValue = `group.${node.kind}`;
            item.iconPath = new vscode.ThemeIcon(node.kind === 'package' ? 'package' : node.kind === 'stays' ? 'pinned' : 'circle-slash');
            item.id = `group:${node.kind}:${node.label}`;
            return item;
        }
        const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.None);
        item.description = fileDescription(node);
        item.tooltip = fileTooltip(node);
        item.contextValue = contextValue(node);
        item.id = `file:${node.origin === 'exclude' ? 'excluded:' : ''}${node.path}`;
        item.iconPath = vscode.ThemeIcon.File;
        if (this.tree && node.origin !== 'exclude') {
            item.resourceUri = vscode.Uri.file(`${this.tree.root}/${node.path}`);
            item.command = { command: 'vscode.open', title: 'Open', arguments: [item.resourceUri] };
        }
        return item;
    }

    async reveal(): Promise<void> {
        await vscode.commands.executeCommand(`${PLAN_VIEW_ID}.focus`);
    }

    dispose(): void {
        this.view.dispose();
        this.changed.dispose();
    }
}
