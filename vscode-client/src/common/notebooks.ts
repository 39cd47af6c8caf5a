/**
 * Notebooks edited as JSON text. The server updates imports in `.ipynb` files with plain text edits; VS Code
 * applies them to a text model of the file that no editor shows (a notebook editor keeps its own model), so
 * "Save All" never saves it and the change would stay unsaved where the user cannot see it. Such models are
 * saved right after an organize command, and whenever an edit reaches one while no editor shows it.
 */

import * as vscode from 'vscode';
import { logInfo } from './logging';

/** Edits to several notebooks arrive as a burst of change events: save once after it. */
const SAVE_DELAY_MS = 300;

/**
 * A notebook's JSON text with unsaved changes that the user does not edit as text: no text tab shows it (diff
 * tabs of the Refactor Preview do not count; they linger in visibleTextEditors after the preview is applied).
 */
function hiddenDirtyNotebookText(document: vscode.TextDocument): boolean {
    if (!document.isDirty || !document.uri.path.endsWith('.ipynb')) {
        return false;
    }
    const uri = document.uri.toString();
    return !vscode.window.tabGroups.all.some((group) =>
        group.tabs.some((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === uri),
    );
}

/** Saves the edited notebook texts that no editor shows; returns how many were saved. */
export async function saveEditedNotebookTexts(): Promise<number> {
    const documents = vscode.workspace.textDocuments.filter(hiddenDirtyNotebookText);
    const saved = (await Promise.all(documents.map((document) => document.save()))).filter(Boolean).length;
    if (documents.length) {
        logInfo(`Saved ${saved} of ${documents.length} notebooks whose imports were updated.`);
    }
    return saved;
}

/**
 * Saves notebook texts that a workspace edit changed while no text tab shows them: the server's
 * willRenameFiles edits and quick fixes (organize saves them itself when it is done).
 */
export function saveNotebookTextsWhenEdited(): vscode.Disposable {
    let timer: NodeJS.Timeout | undefined;
    const listener = vscode.workspace.onDidChangeTextDocument((event) => {
        if (hiddenDirtyNotebookText(event.document)) {
            clearTimeout(timer);
            timer = setTimeout(() => void saveEditedNotebookTexts(), SAVE_DELAY_MS);
        }
    });
    return new vscode.Disposable(() => {
        clearTimeout(timer);
        listener.dispose();
    });
}
