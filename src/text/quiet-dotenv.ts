// `natural` loads dotenv on import, and dotenv ≥17 prints a tip line each time.
// Imported before `natural` (ES modules evaluate in import order) so output stays clean.
process.env.DOTENV_CONFIG_QUIET ??= 'true';
export {};
