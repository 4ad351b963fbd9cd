"""User-interface strings, one module per page or area; merged by indicators.text.i18n."""
