;;; common.el --- shared setup of the backend-organizer Emacs batch drivers  -*- lexical-binding: t -*-
;; Env: WS (workspace, a git work tree), PY (a Python that has the server), OUT (result JSON),
;; STATE (a scratch folder for Emacs's own files).

;;; Code:
;; -Q skips Debian's site-start, which would put the elpa-* packages on the load path
(dolist (d (file-expand-wildcards "/usr/share/emacs/site-lisp/elpa/*")) (add-to-list 'load-path d))
(require 'json)
(require 'seq)
(setq user-emacs-directory (file-name-as-directory (getenv "STATE"))
      make-backup-files nil auto-save-default nil create-lockfiles nil
      python-indent-guess-indent-offset nil)
(defvar bo-ws (file-name-as-directory (getenv "WS")))
(defvar bo-server (list (getenv "PY") "-m" "backend_organizer" "lsp"))
(defvar bo-result nil "Alist written to OUT as JSON by `bo-finish'.")
(defvar bo-prompts nil "Every question Emacs asked, in order.")
(defvar bo-answers nil "Alist of (REGEXP . ANSWER): how the simulated user answers `completing-read'.")

(defun bo-put (key value) (push (cons key value) bo-result))

(defun bo-wait (pred secs)
  "Process events until PRED holds or SECS pass; return the value of PRED."
  (let ((end (+ (float-time) secs)))
    (while (and (not (funcall pred)) (< (float-time) end)) (accept-process-output nil 0.05))
    (funcall pred)))

;; The simulated user: picks from menus per `bo-answers', says yes to yes/no questions, and every
;; question is recorded, so the test shows what a person would have been asked.
(fset 'completing-read
      (lambda (prompt collection &rest _)
        (push prompt bo-prompts)
        (let ((answer (cdr (seq-find (lambda (pair) (string-match-p (car pair) prompt)) bo-answers))))
          (or answer (error "No answer for %S (choices %S)" prompt collection)))))
(fset 'y-or-n-p (lambda (prompt &rest _) (push prompt bo-prompts) t))
(fset 'yes-or-no-p (lambda (prompt &rest _) (push prompt bo-prompts) t))

(defun bo-wait-message (regexp secs)
  "Wait until *Messages* has a line matching REGEXP, at most SECS; that line, or nil."
  (bo-wait (lambda ()
             (with-current-buffer "*Messages*"
               (save-excursion
                 (goto-char (point-min))
                 (when (re-search-forward regexp nil t)
                   (buffer-substring-no-properties (line-beginning-position) (line-end-position))))))
           secs))

(defun bo-buffers ()
  "Every buffer visiting a file: its file and whether it is modified."
  (let (found)
    (dolist (b (buffer-list))
      (when (buffer-file-name b)
        (push `((file . ,(buffer-file-name b)) (modified . ,(if (buffer-modified-p b) t :json-false))) found)))
    (vconcat found)))

(defun bo-finish (&optional error)
  "Write the result (with ERROR if given) to OUT and exit."
  (when error (bo-put 'error error))
  (bo-put 'prompts (vconcat (reverse bo-prompts)))
  (bo-put 'messages (with-current-buffer "*Messages*" (buffer-substring-no-properties (point-min) (point-max))))
  (with-temp-file (getenv "OUT") (insert (json-encode bo-result)))
  (kill-emacs 0))

(defmacro bo-guard (&rest body)
  "Run BODY; on any error, finish with it instead of dying silently."
  `(condition-case err (progn ,@body) (error (bo-finish (error-message-string err)))))

(provide 'bo-common)
;;; common.el ends here
