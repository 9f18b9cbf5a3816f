// Removed once the module has sources.
