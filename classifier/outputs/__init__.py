"""Stage 5, outputs: what people read and keep: tables, CSV, JSON and HTML pages
(`render`), reports per minister, ministry, party and month (`report`), the SQLite
store (`store`) and the wording they share (`wording`)."""
