"""Words people read: the bilingual string catalogue (`strings`, looked up by `i18n`), locale-aware
number formatting and the generated sentences (`narratives`)."""
