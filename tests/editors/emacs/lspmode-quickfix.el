;;; lspmode-quickfix.el --- take a stale-import quick fix in lsp-mode 8.0  -*- lexical-binding: t -*-
;; Env FILE (relative to WS) and LINE: open the file, wait for the diagnostic, ask for the code actions
;; on the line, pick "Update import to ...", save.

;;; Code:
(load (expand-file-name "common.el" (file-name-directory load-file-name)) nil t)
(setq lsp-client-packages nil lsp-session-file (expand-file-name "lsp-session" user-emacs-directory)
      lsp-auto-guess-root t lsp-enable-file-watchers nil lsp-keep-workspace-alive t lsp-restart 'ignore
      lsp-enable-snippet nil lsp-headerline-breadcrumb-enable nil lsp-modeline-code-actions-enable nil
      lsp-modeline-workspace-status-enable nil lsp-modeline-diagnostics-enable nil
      lsp-diagnostics-provider :none lsp-response-timeout 300
      bo-answers '(("Select code action" . "Update import to `services.session_service`")))
(require 'lsp-mode)
(lsp-register-client
 (make-lsp-client :new-connection (lsp-stdio-connection bo-server) :major-modes '(python-mode) :add-on? t
                  :server-id 'backend-organizer))

(bo-guard
 (find-file (expand-file-name (getenv "FILE") bo-ws))
 (lsp)
 (unless (bo-wait (lambda () (> (length (lsp--get-buffer-diagnostics)) 0)) 60)
   (bo-finish "no diagnostics"))
 (bo-put 'diagnostics
         (vconcat (mapcar (lambda (d) `((line . ,(1+ (lsp:position-line (lsp:range-start (lsp:diagnostic-range d)))))
                                        (text . ,(lsp:diagnostic-message d))))
                          (lsp--get-buffer-diagnostics))))
 (goto-char (point-min))
 (forward-line (1- (string-to-number (getenv "LINE"))))
 (lsp-execute-code-action (lsp--select-action (lsp-code-actions-at-point)))
 (save-buffer)
 (bo-finish))
;;; lspmode-quickfix.el ends here
