;;; eglot-quickfix.el --- take a stale-import quick fix in eglot 1.9  -*- lexical-binding: t -*-
;; Env FILE (relative to WS) and LINE: open the file, wait for the diagnostic (flymake), run
;; M-x eglot-code-actions on the line, pick "Update import to ...", save.

;;; Code:
(load (expand-file-name "common.el" (file-name-directory load-file-name)) nil t)
(require 'eglot)
(setq eglot-sync-connect 60 eglot-connect-timeout 60 jsonrpc-default-request-timeout 300
      bo-answers '(("Pick an action" . "Update import to `services.session_service`")))
(add-to-list 'eglot-server-programs `(python-mode . ,bo-server))

(bo-guard
 (find-file (expand-file-name (getenv "FILE") bo-ws))
 (apply #'eglot (eglot--guess-contact))
 (unless (bo-wait (lambda () (flymake-diagnostics)) 60)
   (bo-finish "no diagnostics"))
 (bo-put 'diagnostics
         (vconcat (mapcar (lambda (d) `((line . ,(line-number-at-pos (flymake-diagnostic-beg d)))
                                        (text . ,(flymake-diagnostic-text d))))
                          (flymake-diagnostics))))
 (goto-char (point-min))
 (forward-line (1- (string-to-number (getenv "LINE"))))
 (let ((last-nonmenu-event ?\r))
   (eglot-code-actions (line-beginning-position) (line-end-position) nil t))
 (save-buffer)
 (bo-finish))
;;; eglot-quickfix.el ends here
