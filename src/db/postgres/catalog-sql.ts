/** The user tables of a database: ordinary and partitioned tables outside the system schemas. */
const USER_TABLES = `
  SELECT c.oid, n.nspname, c.relname
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p')
    AND NOT c.relispartition
    AND n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\\_toast%'
    AND n.nspname NOT LIKE 'pg\\_temp%'`;

/** Server, database and version. */
export const DESCRIBE_SQL = `SELECT current_database() AS database_name,
  current_schema() AS default_schema,
  version() AS version,
  current_setting('server_version') AS server_version`;

/** Every user table. */
export const TABLES_SQL = `${USER_TABLES.trim()}
  ORDER BY n.nspname, c.relname`;

/**
 * Every column of every user table, in column order. A collation other than the database default
 * comes back quoted by the server (`pg_catalog."C"`), ready to follow `COLLATE`.
 */
export const COLUMNS_SQL = `WITH t AS (${USER_TABLES})
SELECT a.attrelid AS table_oid,
  a.attname AS column_name,
  format_type(a.atttypid, a.atttypmod) AS full_type,
  format_type(COALESCE(NULLIF(ty.typbasetype, 0), a.atttypid), NULL) AS data_type,
  CASE WHEN a.atttypmod > 0 AND COALESCE(NULLIF(ty.typbasetype, 0), a.atttypid) IN (1042, 1043)
    THEN a.atttypmod - 4 END AS char_length,
  CASE WHEN a.atttypmod > 0 AND COALESCE(NULLIF(ty.typbasetype, 0), a.atttypid) = 1700
    THEN ((a.atttypmod - 4) >> 16) & 65535 END AS numeric_precision,
  CASE WHEN a.atttypmod > 0 AND COALESCE(NULLIF(ty.typbasetype, 0), a.atttypid) = 1700
    THEN (a.atttypmod - 4) & 65535 END AS numeric_scale,
  CASE WHEN a.atttypmod >= 0 AND COALESCE(NULLIF(ty.typbasetype, 0), a.atttypid) IN (1083, 1114, 1184, 1266)
    THEN a.atttypmod END AS time_precision,
  NOT a.attnotnull AS nullable,
  a.attidentity <> '' AS is_identity,
  a.attgenerated <> '' AS is_generated,
  CASE WHEN a.attcollation NOT IN (0, 100)
    THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END AS collation
FROM pg_catalog.pg_attribute a
JOIN t ON t.oid = a.attrelid
JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid
LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
WHERE a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum`;

/** Primary keys and unique, unfiltered, non-expression indexes (which include unique constraints). */
export const KEYS_SQL = `WITH t AS (${USER_TABLES})
SELECT i.indrelid AS table_oid,
  ic.relname AS index_name,
  i.indisprimary AS is_primary,
  array_agg(a.attname::text ORDER BY k.ord) AS columns
FROM pg_catalog.pg_index i
JOIN t ON t.oid = i.indrelid
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
WHERE i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL AND k.ord <= i.indnkeyatts
GROUP BY i.indrelid, ic.relname, i.indisprimary
ORDER BY i.indrelid, i.indisprimary DESC, ic.relname`;

/** Foreign keys, with their columns in constraint order. */
export const FOREIGN_KEYS_SQL = `WITH t AS (${USER_TABLES})
SELECT con.conrelid AS table_oid,
  con.conname AS name,
  (SELECT array_agg(a.attname::text ORDER BY k.ord)
     FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
     JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS columns,
  rn.nspname AS referenced_schema,
  rc.relname AS referenced_table,
  (SELECT array_agg(a.attname::text ORDER BY k.ord)
     FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
     JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) AS referenced_columns
FROM pg_catalog.pg_constraint con
JOIN t ON t.oid = con.conrelid
JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid
JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
WHERE con.contype = 'f'
ORDER BY con.conrelid, con.conname`;

/** User triggers (not the internal ones behind foreign keys). */
export const TRIGGERS_SQL = `WITH t AS (${USER_TABLES})
SELECT tg.tgrelid AS table_oid, tg.tgname AS name, tg.tgenabled <> 'D' AS enabled
FROM pg_catalog.pg_trigger tg
JOIN t ON t.oid = tg.tgrelid
WHERE NOT tg.tgisinternal
ORDER BY tg.tgrelid, tg.tgname`;
