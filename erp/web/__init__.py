"""The staff web UI: layout, login, navigation, i18n, error pages."""
