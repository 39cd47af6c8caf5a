;;; eglot-organize.el --- organize from eglot 1.9, which cannot rename files: the server applies on disk  -*- lexical-binding: t -*-
;; The user's path: M-x eglot-code-actions in main.py, pick "Organize backend structure", confirm the
;; server's question, then save all buffers.

;;; Code:
(load (expand-file-name "common.el" (file-name-directory load-file-name)) nil t)
(require 'eglot)
(setq eglot-confirm-server-initiated-edits nil   ; the server asks itself, with window/showMessageRequest
      eglot-sync-connect 60 eglot-connect-timeout 60
      bo-answers '(("Pick an action" . "Organize backend structure") ("Server reports" . "Organize")))
(add-to-list 'eglot-server-programs `(python-mode . ,bo-server))

(bo-guard
 (find-file (expand-file-name "main.py" bo-ws))
 (apply #'eglot (eglot--guess-contact))
 (unless (bo-wait (lambda () (eglot--server-capable :executeCommandProvider)) 60)
   (bo-finish "server did not initialize"))
 ;; not a mouse event, so eglot asks with completing-read instead of a popup menu
 (let ((last-nonmenu-event ?\r))
   (eglot-code-actions (point-min) (point-min) nil t))
 ;; the command answers at once; the server then asks, applies and reports
 (bo-put 'outcome (or (bo-wait-message "Server reports (type=[0-9]): Organize backend structure: " 240)
                      (bo-finish "no outcome reported")))
 (bo-put 'buffersBeforeSave (bo-buffers))
 (save-some-buffers t)
 (bo-put 'buffers (bo-buffers))
 (bo-finish))
;;; eglot-organize.el ends here
