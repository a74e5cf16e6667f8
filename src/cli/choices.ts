/**
 * The values and defaults the commands' options name. Kept apart from the commands so that
 * building the command line loads no command: each one is imported when it runs.
 */

/** Where the demo's Logger pair lives. */
export const DEMO_LABS = ['embedded', 'postgres', 'mssql'] as const;
export type DemoLab = (typeof DEMO_LABS)[number];

/** Report formats of `diff` on stdout. */
export const DIFF_FORMATS = ['text', 'markdown'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

/** Where sync journals and the audit file go unless told. */
export const DEFAULT_JOURNAL_DIR = 'icmsync-journal';
