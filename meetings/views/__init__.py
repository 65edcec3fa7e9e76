"""The meetings chapter's pages, one module per part: calendar, meetings, topics, minutes, decisions,
statistics. Views are thin: form → service → answer (``core.actions`` turns refusals into Chinese pages)."""
