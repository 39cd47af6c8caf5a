;;; eglot-undo.el --- undo the last reorganization from eglot 1.9 (the command of the README's snippet)  -*- lexical-binding: t -*-
;; Open main.py (rewritten by the reorganization), run backendOrganizer.undo, confirm, save all buffers.

;;; Code:
(load (expand-file-name "common.el" (file-name-directory load-file-name)) nil t)
(require 'eglot)
(setq eglot-confirm-server-initiated-edits nil eglot-sync-connect 60 eglot-connect-timeout 60
      bo-answers '(("Server reports" . "Undo")))
(add-to-list 'eglot-server-programs `(python-mode . ,bo-server))

(bo-guard
 (find-file (expand-file-name "main.py" bo-ws))
 (apply #'eglot (eglot--guess-contact))
 (unless (bo-wait (lambda () (eglot--server-capable :executeCommandProvider)) 60)
   (bo-finish "server did not initialize"))
 (eglot-execute-command (eglot-current-server) 'backendOrganizer.undo [])
 (bo-put 'outcome (or (bo-wait-message "Server reports (type=[0-9]): Undo reorganization: " 240)
                      (bo-finish "no outcome reported")))
 (save-some-buffers t)
 (bo-put 'buffers (bo-buffers))
 (bo-finish))
;;; eglot-undo.el ends here
