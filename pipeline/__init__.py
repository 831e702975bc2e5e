"""pipeline: source articles -> gettext catalogs -> localized HTML bundles."""

__version__ = "0.1.0"
