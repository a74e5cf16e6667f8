/** Server version, edition, database and default schema of the connection. */
export const DESCRIBE_SQL = `SELECT
  CONVERT(nvarchar(128), SERVERPROPERTY('ProductVersion')) AS product_version,
  CONVERT(nvarchar(128), SERVERPROPERTY('ProductLevel')) AS product_level,
  CONVERT(nvarchar(128), SERVERPROPERTY('Edition')) AS edition,
  DB_NAME() AS database_name,
  SCHEMA_NAME() AS default_schema;`;

/** Every user table. */
export const TABLES_SQL = `SELECT t.object_id, s.name AS schema_name, t.name AS table_name
FROM sys.tables AS t
JOIN sys.schemas AS s ON s.schema_id = t.schema_id
WHERE t.is_ms_shipped = 0
ORDER BY s.name, t.name;`;

/**
 * Every column of every user table, in column order. The type is the system type behind alias
 * types (`sysname` is `nvarchar`); CLR types (geography, hierarchyid…) keep their own name.
 * `collation_name` is null for every type that is not text.
 */
export const COLUMNS_SQL = `SELECT c.object_id, c.column_id, c.name AS column_name,
  ISNULL(bt.name, ty.name) AS type_name,
  c.max_length, c.precision, c.scale, c.collation_name, c.is_nullable, c.is_identity,
  c.is_computed, c.generated_always_type
FROM sys.columns AS c
JOIN sys.tables AS t ON t.object_id = c.object_id
JOIN sys.types AS ty ON ty.user_type_id = c.user_type_id
LEFT JOIN sys.types AS bt ON bt.user_type_id = c.system_type_id AND ty.is_assembly_type = 0
WHERE t.is_ms_shipped = 0
ORDER BY c.object_id, c.column_id;`;

/**
 * Key columns of primary keys, unique constraints and unique indexes that are unfiltered and
 * enabled; included (non-key) columns are left out.
 */
export const KEYS_SQL = `SELECT i.object_id, i.index_id, i.name AS index_name, i.is_primary_key,
  ic.key_ordinal, c.name AS column_name
FROM sys.indexes AS i
JOIN sys.tables AS t ON t.object_id = i.object_id
JOIN sys.index_columns AS ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
WHERE t.is_ms_shipped = 0
  AND i.is_unique = 1 AND i.has_filter = 0 AND i.is_disabled = 0 AND i.is_hypothetical = 0
  AND ic.key_ordinal > 0 AND ic.is_included_column = 0
ORDER BY i.object_id, i.is_primary_key DESC, i.name, ic.key_ordinal;`;

/** Foreign keys with their columns in constraint order. */
export const FOREIGN_KEYS_SQL = `SELECT fk.parent_object_id AS object_id, fk.object_id AS fk_id,
  fk.name AS fk_name, fk.is_disabled,
  rs.name AS referenced_schema, rt.name AS referenced_table,
  fkc.constraint_column_id, pc.name AS column_name, rc.name AS referenced_column
FROM sys.foreign_keys AS fk
JOIN sys.tables AS t ON t.object_id = fk.parent_object_id
JOIN sys.tables AS rt ON rt.object_id = fk.referenced_object_id
JOIN sys.schemas AS rs ON rs.schema_id = rt.schema_id
JOIN sys.foreign_key_columns AS fkc ON fkc.constraint_object_id = fk.object_id
JOIN sys.columns AS pc ON pc.object_id = fkc.parent_object_id AND pc.column_id = fkc.parent_column_id
JOIN sys.columns AS rc ON rc.object_id = fkc.referenced_object_id AND rc.column_id = fkc.referenced_column_id
WHERE t.is_ms_shipped = 0
ORDER BY fk.parent_object_id, fk.name, fkc.constraint_column_id;`;

/** DML triggers on user tables (`parent_class = 1`; 0 is a database DDL trigger). */
export const TRIGGERS_SQL = `SELECT tr.parent_id AS object_id, tr.name AS trigger_name, tr.is_disabled
FROM sys.triggers AS tr
JOIN sys.tables AS t ON t.object_id = tr.parent_id
WHERE tr.parent_class = 1 AND t.is_ms_shipped = 0
ORDER BY tr.parent_id, tr.name;`;
