import { nstring, quoteIdent, type TextStatement } from './quote.js';

/** The database-level extended property that marks a database icmsync created. */
export const LABEL_PROPERTY = 'icmsync.label';

/**
 * Looks up a database by name. `HAS_DBACCESS` is 0 when this login cannot open it, or when it is
 * offline, suspect, or in single-user mode held by another session: its label cannot be read then.
 */
export function findDatabaseSql(name: string): TextStatement {
  return {
    text: `SELECT d.name, d.state_desc, HAS_DBACCESS(d.name) AS has_access
FROM sys.databases AS d
WHERE d.name = @name;`,
    params: [{ name: 'name', value: name }],
  };
}

/**
 * Reads the label of database `name` (as `sys.databases` spells it). It runs through
 * `sp_executesql`, so the `USE` lasts only until the statement ends and the pooled connection
 * stays in `master`.
 */
export function readLabelSql(name: string): TextStatement {
  return {
    text: `USE ${quoteIdent(name)};
SELECT CONVERT(nvarchar(4000), ep.value) AS label
FROM sys.extended_properties AS ep
WHERE ep.class = 0 AND ep.major_id = 0 AND ep.minor_id = 0 AND ep.name = ${nstring(LABEL_PROPERTY)};`,
    params: [],
  };
}

/**
 * Creates database `name`, then labels it: a database-level extended property is added by
 * `sp_addextendedproperty` without level arguments in the current database, hence the `USE`
 * (scoped to the `sp_executesql` call, like {@link readLabelSql}).
 */
export function createDatabaseSql(name: string, label: string): readonly TextStatement[] {
  return [
    { text: `CREATE DATABASE ${quoteIdent(name)};`, params: [] },
    {
      text: `USE ${quoteIdent(name)};
EXEC sys.sp_addextendedproperty @name = ${nstring(LABEL_PROPERTY)}, @value = @label;`,
      params: [{ name: 'label', value: label }],
    },
  ];
}

/**
 * Drops database `name`, rolling back and disconnecting other sessions first. As in Microsoft's
 * DROP DATABASE example, this session takes the single-user slot itself (`USE`) and drops in the
 * same batch, so no other connection can claim the slot in between.
 */
export function dropDatabaseSql(name: string): TextStatement {
  const db = quoteIdent(name);
  return {
    text: `USE ${db};
ALTER DATABASE ${db} SET SINGLE_USER WITH ROLLBACK IMMEDIATE;
USE [master];
DROP DATABASE ${db};`,
    params: [],
  };
}
