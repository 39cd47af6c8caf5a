/** Identifiers shared by the extension's modules. */

export const EXTENSION_NAME = 'Backend Organizer';
/** Settings section; also the LanguageClient id, so the client reads `backendOrganizer.trace.server` itself. */
export const CONFIG_SECTION = 'backendOrganizer';
export const SERVER_MODULE = 'backend_organizer';
export const PYPI_PACKAGE = 'backend-organizer';

/**
 * Palette/menu commands registered by the extension. They must differ from the server's command ids:
 * vscode-languageclient registers every id of the server's executeCommandProvider as a VS Code command itself.
 */
export const ClientCommand = {
    organizeWorkspace: 'backendOrganizer.organizeWorkspace',
    organizeFolder: 'backendOrganizer.organizeFolder',
    showPlan: 'backendOrganizer.showPlan',
    showPlanMarkdown: 'backendOrganizer.showPlanMarkdown',
    planRefresh: 'backendOrganizer.planView.refresh',
    planMove: 'backendOrganizer.planView.move',
    planKeep: 'backendOrganizer.planView.keep',
    planExclude: 'backendOrganizer.planView.exclude',
    planReset: 'backendOrganizer.planView.reset',
    planApply: 'backendOrganizer.planView.apply',
    restart: 'backendOrganizer.restart',
    showLog: 'backendOrganizer.showLog',
} as const;

/** Commands implemented by the language server (workspace/executeCommand). */
export const ServerCommand = {
    organize: 'backendOrganizer.organize',
    plan: 'backendOrganizer.plan',
    configure: 'backendOrganizer.configure',
} as const;

/** How long `<python> -c "import backend_organizer"` may take before the check gives up. */
export const IMPORT_CHECK_TIMEOUT_MS = 20_000;
/** Settings changes arrive in bursts (e.g. editing settings.json); restart once after they settle. */
export const RESTART_DELAY_MS = 500;
