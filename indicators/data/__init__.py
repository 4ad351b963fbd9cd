"""Where data lives: settings (`config`), bounded parsers, the catalogue, the one module that talks
to DuckDB (`store`), and the kiosk's small stores (`pulse`, `feedback`)."""
