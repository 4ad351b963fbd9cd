"""User-interface strings, one module per page or area; merged by indicators.i18n."""
