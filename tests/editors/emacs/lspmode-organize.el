;;; lspmode-organize.el --- organize from lsp-mode 8.0: the server sends one WorkspaceEdit with renames  -*- lexical-binding: t -*-
;; lsp-mode applies every text edit before any resource operation, so the server sends the edits to moved
;; files on their old URIs before the RenameFiles, and new files without CreateFile.

;;; Code:
(load (expand-file-name "common.el" (file-name-directory load-file-name)) nil t)
(setq lsp-client-packages nil            ; do not load the bundled clients (pyls, pylsp, ...)
      lsp-session-file (expand-file-name "lsp-session" user-emacs-directory)
      lsp-auto-guess-root t lsp-enable-file-watchers nil
      lsp-keep-workspace-alive t         ; renaming the only open buffer must not shut the server down
      lsp-restart 'ignore lsp-enable-snippet nil lsp-headerline-breadcrumb-enable nil
      lsp-modeline-code-actions-enable nil lsp-modeline-workspace-status-enable nil
      lsp-modeline-diagnostics-enable nil lsp-diagnostics-provider :none lsp-response-timeout 300
      bo-answers '(("Select code action" . "Organize backend structure")))
(require 'lsp-mode)
(lsp-register-client
 (make-lsp-client :new-connection (lsp-stdio-connection bo-server) :major-modes '(python-mode) :add-on? t
                  :server-id 'backend-organizer))

(bo-guard
 (find-file (expand-file-name "main.py" bo-ws))
 (lsp)
 (unless (bo-wait (lambda () (and (lsp-workspaces) (eq (lsp--workspace-status (car (lsp-workspaces))) 'initialized))) 60)
   (bo-finish "server did not initialize"))
 (lsp-execute-code-action (lsp--select-action (lsp-code-actions-at-point)))
 (bo-put 'buffersBeforeSave (bo-buffers))
 (save-some-buffers t)
 (bo-put 'buffers (bo-buffers))
 (bo-finish))
;;; lspmode-organize.el ends here
