"""Reference data bundled with BizQ: JSON files beside this package, each with a typed loader."""
