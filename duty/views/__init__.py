"""The duty chapter's pages (值班), one module per part: 今日值班 (``today``), the rosters and a person's duties with
the ICS feed (``rosters``), swaps (``swaps``), handovers (``handovers``), the duty log (``log``), emergency reports
(``emergencies``) and statistics (``stats``). Views are thin: form → service → answer; refusals become Chinese
4xx pages or form errors (``core.actions``). Each module owns its routes (``urlpatterns``)."""
