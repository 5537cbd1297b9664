// Removed once the engine has its first real source file.
