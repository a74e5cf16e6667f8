/**
 * How every lockout trigger's name starts (`icmsync sync --lockout`): the engine leaves these out
 * of the triggers it disables, and finds the ones a crashed run left behind by it.
 */
export const LOCKOUT_TRIGGER_PREFIX = 'icmsync_lockout';

/**
 * Whether a trigger is one of icmsync's lockout triggers: its name starts with
 * {@link LOCKOUT_TRIGGER_PREFIX}, in any case (SQL Server compares names as its collation does).
 */
export function isLockoutTrigger(name: string): boolean {
  return name.toLowerCase().startsWith(LOCKOUT_TRIGGER_PREFIX);
}

/**
 * The error a locked-out writer gets, naming the table (`schema.name`) and what holds the lock.
 * PostgreSQL's trigger passes `'%.%'` and fills the name in at run time.
 */
export function lockoutMessage(table: string): string {
  return `icmsync sync in progress: writes to ${table} are locked out until it ends (icmsync sync --lockout)`;
}
