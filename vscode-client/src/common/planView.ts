/** Read-only Markdown documents that show organization plans (nothing to save, nothing to discard). */

import * as vscode from 'vscode';

const SCHEME = 'backend-organizer-plan';

export class PlanDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
    private readonly contents = new Map<string, string>();
    private readonly changed = new vscode.EventEmitter<vscode.Uri>();
    private readonly registration = vscode.workspace.registerTextDocumentContentProvider(SCHEME, this);
    readonly onDidChange = this.changed.event;

    provideTextDocumentContent(uri: vscode.Uri): string {
        return this.contents.get(uri.toString()) ?? '';
    }

    /** Shows `markdown` as "<name> — backend plan.md"; showing the same folder again refreshes the document. */
    async show(name: string, markdown: string): Promise<void> {
        const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${name} — backend plan.md` });
        this.contents.set(uri.toString(), markdown);
        this.changed.fire(uri);
        const document = await vscode.workspace.openTextDocument(uri);
        if (document.languageId !== 'markdown') {
            await vscode.languages.setTextDocumentLanguage(document, 'markdown');
        }
        await vscode.window.showTextDocument(document, { preview: false });
    }

    dispose(): void {
        this.registration.dispose();
        this.changed.dispose();
    }
}
