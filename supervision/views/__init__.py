"""The supervision chapter's pages (督促检查, 第六章), one module per part: items (list, unit contact's home,
登记, the item page and its steps), feedback and extensions, approvals on a phone; the work-report import, the
proposals, the PDFs and the statistics. Views are thin: form → service → answer (``core.actions`` turns refusals
into Chinese pages); every read goes through ``selectors.items_visible_to``."""
