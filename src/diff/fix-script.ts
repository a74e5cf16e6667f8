import { randomUUID } from 'node:crypto';
import { type FileHandle, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import {
  type ForeignKeyEdge,
  foreignKeyOrder,
  rowLevels,
  type TableGroup,
  valuesText,
} from '../pair/fk-order.js';
import { firstLine, IcmsyncError, isIcmsyncError } from '../port/errors.js';
import type { ScriptDialect } from '../port/script.js';
import type { ColumnShape, DatabaseInfo, TableShape } from '../port/shapes.js';
import { dataColumns, keyColumns, tableLabel } from '../port/table-key.js';
import {
  type ExactRow,
  type ExactValue,
  type Key,
  otherSide,
  type Pair,
  pick,
  type Side,
} from '../port/types.js';
import type { DiffReport } from './diff-report.js';
import type { LeafDiff } from './match-rows.js';
import { pages, ScriptSpool } from './script-spool.js';

/**
 * Statements per batch. On SQL Server each batch is one transaction ended by GO: small enough to
 * keep locks and log growth modest, large enough that the script is not mostly BEGIN and COMMIT.
 */
export const SCRIPT_STATEMENTS_PER_BATCH = 100;
/** Rows per multi-row INSERT and keys per DELETE (SQL Server allows at most 1,000 rows in VALUES). */
export const SCRIPT_ROWS_PER_STATEMENT = 100;
/** Characters of script text collected before they are written to the file. */
const WRITE_CHUNK = 1024 * 1024;

/** A change to the target's row with `key`: columns (by position) and the source's values. */
type UpdateRecord = readonly [key: Key, changes: readonly (readonly [number, ExactValue])[]];

/** One table the script writes, in the target's shape. */
interface ScriptTable {
  readonly name: string;
  readonly shape: TableShape;
  /** The data columns: every row below holds their values, in this order. */
  readonly columns: readonly ColumnShape[];
  /** Positions of the key columns in {@link columns}. */
  readonly key: readonly number[];
  readonly identity: boolean;
  readonly files: { readonly insert: string; readonly update: string; readonly delete: string };
  inserted: number;
  updated: number;
  deleted: number;
}

/** What {@link FixScript.finish} wrote. */
export interface FixScriptSummary {
  readonly path: string;
  readonly to: Side | null;
  readonly inserted: number;
  readonly updated: number;
  readonly deleted: number;
  readonly tables: number;
  readonly statements: number;
  readonly batches: number;
}

/** Options for {@link FixScript.create}. */
export interface FixScriptOptions {
  /** The file to write (replaced whole at the end, never left half-written). */
  readonly path: string;
  /** The side the script writes; null only when nothing differs (a script that changes nothing). */
  readonly to: Side | null;
  /** The target engine's dialect. */
  readonly dialect: ScriptDialect;
  /** The time written in the header. @default the time of {@link FixScript.finish} */
  readonly now?: () => Date;
  /** @default {@link SCRIPT_STATEMENTS_PER_BATCH} */
  readonly statementsPerBatch?: number;
  /** @default {@link SCRIPT_ROWS_PER_STATEMENT} */
  readonly rowsPerStatement?: number;
}

const lower = (name: string) => name.toLowerCase();

/** A position in `columns` of the column called `name` (the catalog's spelling may differ in case). */
function positionOf(columns: readonly ColumnShape[], name: string, owner: TableShape): number {
  const at = columns.findIndex((c) => c.name === name);
  const found = at >= 0 ? at : columns.findIndex((c) => lower(c.name) === lower(name));
  if (found < 0) throw new Error(`${tableLabel(owner)} has no data column ${name}`);
  return found;
}

/** Collects text and writes it to the file in large pieces. */
class TextSink {
  readonly #handle: FileHandle;
  #chunks: string[] = [];
  #size = 0;
  constructor(handle: FileHandle) {
    this.#handle = handle;
  }
  async lines(lines: readonly string[]): Promise<void> {
    for (const line of lines) {
      this.#chunks.push(line, '\n');
      this.#size += line.length + 1;
    }
    if (this.#size >= WRITE_CHUNK) await this.flush();
  }
  async flush(): Promise<void> {
    if (this.#chunks.length === 0) return;
    const text = this.#chunks.join('');
    this.#chunks = [];
    this.#size = 0;
    await this.#handle.write(text, null, 'utf8');
  }
}

/**
 * Groups statements into batches of the dialect's transactions, and keeps an identity insert open
 * exactly around consecutive inserts into the same table.
 */
class Batcher {
  readonly #sink: TextSink;
  readonly #dialect: ScriptDialect;
  readonly #perBatch: number;
  #open = false;
  #inBatch = 0;
  #identity: TableShape | null = null;
  batches = 0;
  statements = 0;

  constructor(sink: TextSink, dialect: ScriptDialect, perBatch: number) {
    this.#sink = sink;
    this.#dialect = dialect;
    this.#perBatch = perBatch;
  }

  /** A comment line where the script is now (a section title). */
  async note(text: string): Promise<void> {
    await this.#closeIdentity();
    await this.#sink.lines([this.#dialect.comment(text)]);
  }

  /** One statement; `identity` names the table whose identity column it inserts into. */
  async statement(sql: string, identity: TableShape | null = null): Promise<void> {
    if (!this.#open) {
      this.batches += 1;
      this.#open = true;
      this.#inBatch = 0;
      await this.#sink.lines([
        this.#dialect.comment(`batch ${this.batches}`),
        ...this.#dialect.beginBatch(),
      ]);
    }
    if (identity !== this.#identity) {
      await this.#closeIdentity();
      if (identity) await this.#sink.lines(this.#dialect.beforeIdentityInsert(identity));
      this.#identity = identity;
    }
    await this.#sink.lines([sql]);
    this.statements += 1;
    this.#inBatch += 1;
    if (this.#inBatch >= this.#perBatch) await this.end();
  }

  /** Ends the open batch, if any. */
  async end(): Promise<void> {
    if (!this.#open) return;
    await this.#closeIdentity();
    await this.#sink.lines(this.#dialect.endBatch());
    this.#open = false;
  }

  async #closeIdentity(): Promise<void> {
    if (this.#identity) await this.#sink.lines(this.#dialect.afterIdentityInsert(this.#identity));
    this.#identity = null;
  }
}

/** Splits `items` into runs of at most `size` consecutive items for which `same` holds. */
function* runs<T>(items: Iterable<T>, size: number, same: (x: T, y: T) => boolean): Iterable<T[]> {
  let run: T[] = [];
  for (const item of items) {
    const first = run[0];
    if (run.length >= size || (first !== undefined && !same(first, item))) {
      yield run;
      run = [];
    }
    run.push(item);
  }
  if (run.length > 0) yield run;
}

/** A row of a table in a foreign-key cycle, and when it can be written. */
interface OrderedRow {
  readonly table: ScriptTable;
  readonly row: ExactRow;
  level: number;
}

/**
 * Puts the rows of one cycle's tables in an order that keeps every foreign key among them
 * satisfied: level by level, each row after the rows it refers to. Returns whether some rows refer
 * to one another in a loop, which no order can satisfy.
 */
function levelRows(rows: OrderedRow[], cycle: readonly ForeignKeyEdge[]): boolean {
  const edges = cycle.map((edge, e) => ({ edge, e }));
  const nodes = rows.map(({ table, row }) => {
    const names: string[] = [];
    const references: string[] = [];
    for (const { edge, e } of edges) {
      if (edge.parent === table.shape) {
        const at = edge.foreignKey.referencedColumns.map((c) =>
          positionOf(table.columns, c, table.shape),
        );
        names.push(`${e}|${valuesText(at.map((i) => row[i] ?? null))}`);
      }
      if (edge.child === table.shape) {
        const values = edge.foreignKey.columns.map(
          (c) => row[positionOf(table.columns, c, table.shape)] ?? null,
        );
        // A foreign key with a NULL column is not checked (MATCH SIMPLE): it refers to nothing.
        if (values.every((v) => v !== null)) references.push(`${e}|${valuesText(values)}`);
      }
    }
    return { names, references };
  });
  const { levels, cyclic } = rowLevels(nodes);
  rows.forEach((r, i) => {
    r.level = levels[i] ?? 0;
  });
  return cyclic;
}

/** Facts the header states. */
export interface HeaderFacts {
  readonly report: DiffReport;
  readonly to: Side | null;
  readonly written: Date;
  readonly file: string;
  readonly statementsPerBatch: number;
  readonly tables: readonly {
    readonly name: string;
    readonly inserted: number;
    readonly updated: number;
    readonly deleted: number;
    readonly identity: boolean;
    readonly triggers: readonly string[];
  }[];
  /** Tables whose rows are ordered row by row (self-references and cycles). */
  readonly ordered: readonly string[];
  /** Foreign keys switched off for the run (SQL Server, rows that refer to each other in a loop). */
  readonly disabled: readonly string[];
  /** Statements that switch them back on, for a run that stops early. */
  readonly reenable: readonly string[];
  /** Foreign keys whose rows loop and cannot be switched off (PostgreSQL). */
  readonly looping: readonly string[];
}

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

const describeSide = (side: Side, info: DatabaseInfo) =>
  `${side}: ${info.database} on ${info.server} (${info.engineVersion})`;

/** The header of a fix script: what it does, to which database, and how to review and apply it. */
export function scriptHeader(facts: HeaderFacts, dialect: ScriptDialect): string[] {
  const { report, to } = facts;
  const lines: string[] = [];
  const say = (text = '') => lines.push(dialect.comment(text).trimEnd());
  const uncovered = report.tables.filter((t) => t.state !== 'identical' && t.state !== 'differs');
  const stamp = `Written ${facts.written.toISOString()} by icmsync diff (profile ${report.profile}, scope ${report.scope}).`;
  if (to === null) {
    say('icmsync fix script: the sides already agree, so this script changes nothing.');
    say(stamp);
    say(describeSide('A', report.sides.a));
    say(describeSide('B', report.sides.b));
    return lines;
  }
  const from = otherSide(to);
  const target = pick(report.sides, to);
  const total = (k: 'inserted' | 'updated' | 'deleted') =>
    facts.tables.reduce((n, t) => n + t[k], 0);
  say(`icmsync fix script: makes side ${to} match side ${from}.`);
  say(stamp);
  say(`Source ${describeSide(from, pick(report.sides, from))}: read only, never written.`);
  say(`Target ${describeSide(to, target)}: the only database this script changes.`);
  say();
  say(
    `Changes: ${plural(total('inserted'), 'row')} inserted, ${total('updated').toLocaleString('en-US')} updated, ${total('deleted').toLocaleString('en-US')} deleted, in ${plural(facts.tables.length, 'table')}${facts.tables.length > 0 ? ':' : '.'}`,
  );
  for (const t of facts.tables)
    say(`  ${t.name}: ${t.inserted} inserted, ${t.updated} updated, ${t.deleted} deleted`);
  if (uncovered.length > 0) {
    say('Not covered (fix these by hand; diff keeps reporting them):');
    for (const t of uncovered) say(`  ${t.table}: ${t.state}${t.reason ? ` (${t.reason})` : ''}`);
  }
  say();
  say('Order: deletes first, children before parents; then inserts and updates, parents before');
  say('children, so every foreign key holds after each statement.');
  if (facts.ordered.length > 0)
    say(
      `Rows of self-referencing tables and foreign-key cycles go in reference order: ${facts.ordered.join(', ')}.`,
    );
  if (facts.disabled.length > 0) {
    say(`Rows that refer to each other in a loop: these foreign keys are off for the run and`);
    say(`checked again WITH CHECK at the end: ${facts.disabled.join(', ')}.`);
    say('If the script stops before its end, switch them back on yourself:');
    for (const statement of facts.reenable) say(`  ${statement}`);
  }
  if (facts.looping.length > 0) {
    say(`Rows that refer to each other in a loop through ${facts.looping.join(', ')}: the script`);
    say(
      'fails on them unless those foreign keys are DEFERRABLE (then they are checked at commit).',
    );
  }
  const identity = facts.tables.filter((t) => t.identity).map((t) => t.name);
  if (identity.length > 0)
    say(
      `Identity values are kept, and each identity generator moves past them: ${identity.join(', ')}.`,
    );
  const triggered = facts.tables.filter((t) => t.triggers.length > 0);
  if (triggered.length > 0) {
    say(`Triggers on ${to} fire for these statements (disable them first if they must not):`);
    for (const t of triggered) say(`  ${t.name}: ${t.triggers.join(', ')}`);
  } else say(`No enabled triggers on ${to} fire for these statements.`);
  say(`Transactions: ${dialect.describeTransactions(facts.statementsPerBatch)}.`);
  say();
  say(`Review it, then apply it to ${to} (${target.database}) only:`);
  say(`  ${dialect.applyCommand(target, facts.file)}`);
  say(`Then run icmsync diff again: it exits 0 when the sides agree.`);
  return lines;
}

/**
 * A reviewable SQL script that makes one side match the other, built from diff's stream of
 * differing rows: rows only in the source are inserted into the target, rows only in the target
 * deleted, changed rows updated to the source's values (only the columns that differ). Rows wait
 * in a spool, table by table, until the end, when the script is written in foreign-key order to a
 * temporary file beside the target file and renamed over it.
 */
export class FixScript {
  readonly #options: FixScriptOptions;
  readonly #spool: ScriptSpool;
  readonly #tables = new Map<string, ScriptTable>();

  private constructor(options: FixScriptOptions, spool: ScriptSpool) {
    this.#options = options;
    this.#spool = spool;
  }

  /** Starts a script; its spool lives in a hidden folder beside `options.path`. */
  static create(options: FixScriptOptions): FixScript {
    const spool = new ScriptSpool(
      join(dirname(options.path), `.${basename(options.path)}.${randomUUID()}.spool`),
    );
    return new FixScript(options, spool);
  }

  /** The side the script writes; null when it was started without one (nothing may differ). */
  get to(): Side | null {
    return this.#options.to;
  }

  /** Takes one leaf's differing rows; pass it as diff's `onRows`. */
  readonly onRows = (name: string, rows: LeafDiff, shapes: Pair<TableShape>): void => {
    try {
      this.#take(name, rows, shapes);
    } catch (error) {
      if (isIcmsyncError(error)) throw error;
      throw new IcmsyncError(
        `cannot keep the fix script's rows beside ${this.#options.path}: ${firstLine(error)} (check the folder has room and is writable)`,
        'USAGE',
        { cause: error },
      );
    }
  };

  #take(name: string, rows: LeafDiff, shapes: Pair<TableShape>): void {
    const to = this.#options.to;
    if (to === null) return;
    const table = this.#table(name, pick(shapes, to));
    const [adds, removes] =
      to === 'B' ? [rows.onlyInA, rows.onlyInB] : [rows.onlyInB, rows.onlyInA];
    for (const row of adds) this.#spool.append(table.files.insert, row);
    for (const row of removes) this.#spool.append(table.files.delete, row);
    table.inserted += adds.length;
    table.deleted += removes.length;
    const from = otherSide(to);
    for (const change of rows.changed) {
      const own = pick(change.rows, to);
      const changes = change.values.map((v) => {
        const at = positionOf(table.columns, v.column, table.shape);
        const column = table.columns[at] as ColumnShape;
        if (column.identity)
          throw new IcmsyncError(
            `${name}: identity column ${column.name} differs for key (${table.key.map((i) => String(own[i])).join(', ')}), and a script cannot change identity values (fix that row by hand, or leave the table out)`,
            'UNSUPPORTED',
          );
        return [at, pick(v, from)] as const;
      });
      const record: UpdateRecord = [table.key.map((i) => own[i] ?? null), changes];
      this.#spool.append(table.files.update, record);
      table.updated += 1;
    }
  }

  #table(name: string, shape: TableShape): ScriptTable {
    const known = this.#tables.get(name);
    if (known) return known;
    const columns = dataColumns(shape);
    const n = this.#tables.size;
    const table: ScriptTable = {
      name,
      shape,
      columns,
      key: keyColumns(shape).map((k) => positionOf(columns, k, shape)),
      identity: columns.some((c) => c.identity),
      files: { insert: `${n}.insert`, update: `${n}.update`, delete: `${n}.delete` },
      inserted: 0,
      updated: 0,
      deleted: 0,
    };
    this.#tables.set(name, table);
    return table;
  }

  /** Writes the script for a finished diff and removes the spool; returns what it holds. */
  async finish(report: DiffReport): Promise<FixScriptSummary> {
    const { path, dialect, to } = this.#options;
    const perBatch = this.#options.statementsPerBatch ?? SCRIPT_STATEMENTS_PER_BATCH;
    const perStatement = this.#options.rowsPerStatement ?? SCRIPT_ROWS_PER_STATEMENT;
    const temporary = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`);
    let handle: FileHandle | undefined;
    try {
      this.#spool.flush();
      const tables = [...this.#tables.values()].filter(
        (t) => t.inserted + t.updated + t.deleted > 0,
      );
      const byShape = new Map(tables.map((t) => [t.shape, t]));
      const order = foreignKeyOrder(tables.map((t) => t.shape));
      const members = (group: TableGroup) =>
        group.tables.map((shape) => byShape.get(shape) as ScriptTable);

      // Rows of cycles are ordered in memory: such tables (hierarchies) are small configuration tables.
      const cyclic = order.parentsFirst.filter((g) => g.cycle.length > 0);
      const ordered = new Map<TableGroup, { deletes: OrderedRow[]; inserts: OrderedRow[] }>();
      const looping: TableGroup[] = [];
      for (const group of cyclic) {
        const load = async (kind: 'delete' | 'insert') => {
          const rows: OrderedRow[] = [];
          for (const table of members(group))
            for await (const row of this.#spool.read<ExactRow>(table.files[kind]))
              rows.push({ table, row, level: 0 });
          return rows;
        };
        const deletes = await load('delete');
        const inserts = await load('insert');
        const loops = [levelRows(deletes, group.cycle), levelRows(inserts, group.cycle)];
        if (loops.some(Boolean)) looping.push(group);
        ordered.set(group, { deletes, inserts });
      }
      // Where the engine can switch a loop's foreign keys off for the run (SQL Server), it does;
      // elsewhere (PostgreSQL) the header says the script stops there unless they are deferrable.
      const switchable = looping.filter((g) =>
        g.cycle.every((edge) => dialect.disableForeignKey(edge.child, edge.foreignKey) !== null),
      );
      const switchedOff = switchable.flatMap((g) =>
        g.cycle.map((edge) => ({
          edge,
          off: dialect.disableForeignKey(edge.child, edge.foreignKey) as string,
          on: dialect.enableForeignKey(edge.child, edge.foreignKey) as string,
        })),
      );
      const fkName = (edge: ForeignKeyEdge) => `${tableLabel(edge.child)}.${edge.foreignKey.name}`;

      handle = await open(temporary, 'wx');
      const sink = new TextSink(handle);
      await sink.lines(
        scriptHeader(
          {
            report,
            to,
            written: (this.#options.now ?? (() => new Date()))(),
            file: basename(path),
            statementsPerBatch: perBatch,
            tables: [...tables]
              .sort((x, y) => x.name.localeCompare(y.name))
              .map((t) => ({
                name: t.name,
                inserted: t.inserted,
                updated: t.updated,
                deleted: t.deleted,
                identity: t.identity && t.inserted > 0,
                triggers: t.shape.triggers.filter((g) => g.enabled).map((g) => g.name),
              })),
            ordered: cyclic.flatMap((g) => members(g).map((t) => t.name)),
            disabled: switchedOff.map((s) => fkName(s.edge)),
            reenable: switchedOff.map((s) => s.on),
            looping: looping
              .filter((g) => !switchable.includes(g))
              .flatMap((g) => g.cycle.map(fkName)),
          },
          dialect,
        ),
      );
      const batches = new Batcher(sink, dialect, perBatch);
      if (to !== null) {
        await sink.lines(['', ...dialect.preamble(pick(report.sides, to))]);
        if (switchedOff.length > 0) {
          await batches.note(
            'Foreign keys whose rows refer to each other in a loop: off for the run',
          );
          for (const s of switchedOff) await batches.statement(s.off);
          await batches.end();
        }
        for (const group of order.childrenFirst)
          await this.#deletes(batches, members(group), ordered.get(group), perStatement);
        for (const group of order.parentsFirst)
          await this.#writes(batches, members(group), ordered.get(group), perStatement);
        if (switchedOff.length > 0) {
          await batches.end();
          await batches.note('The same foreign keys on again, every row checked');
          for (const s of switchedOff) await batches.statement(s.on);
        }
        await batches.end();
      }
      await sink.lines(['', dialect.comment('end of script')]);
      await sink.flush();
      await handle.close();
      handle = undefined;
      await rename(temporary, path);
      return {
        path,
        to,
        inserted: tables.reduce((n, t) => n + t.inserted, 0),
        updated: tables.reduce((n, t) => n + t.updated, 0),
        deleted: tables.reduce((n, t) => n + t.deleted, 0),
        tables: tables.length,
        statements: batches.statements,
        batches: batches.batches,
      };
    } catch (error) {
      await handle?.close().catch(() => {});
      await rm(temporary, { force: true }).catch(() => {});
      throw error;
    } finally {
      await this.#spool.remove();
    }
  }

  /** Drops the spool without writing a script (the diff failed). */
  async discard(): Promise<void> {
    await this.#spool.remove();
  }

  async #deletes(
    batches: Batcher,
    tables: readonly ScriptTable[],
    ordered: { deletes: OrderedRow[] } | undefined,
    perStatement: number,
  ): Promise<void> {
    const keyOf = (table: ScriptTable, row: ExactRow): Key => table.key.map((i) => row[i] ?? null);
    const remove = (table: ScriptTable, keys: readonly Key[]) =>
      this.#options.dialect.deleteRows(
        table.shape,
        table.key.map((i) => table.columns[i] as ColumnShape),
        keys,
      );
    if (ordered) {
      if (ordered.deletes.length === 0) return;
      await batches.note(
        `Deletes from ${tables.map((t) => t.name).join(', ')}, referring rows first`,
      );
      // Highest level first: a row goes before the rows it refers to.
      const rows = [...ordered.deletes].sort((x, y) => y.level - x.level);
      const same = (x: OrderedRow, y: OrderedRow) => x.table === y.table && x.level === y.level;
      for (const run of runs(rows, perStatement, same)) {
        const table = (run[0] as OrderedRow).table;
        await batches.statement(
          remove(
            table,
            run.map((r) => keyOf(table, r.row)),
          ),
        );
      }
      return;
    }
    for (const table of tables) {
      if (table.deleted === 0) continue;
      await batches.note(`Deletes from ${table.name}: ${plural(table.deleted, 'row')}`);
      for await (const page of pages(this.#spool.read<ExactRow>(table.files.delete), perStatement))
        await batches.statement(
          remove(
            table,
            page.map((row) => keyOf(table, row)),
          ),
        );
    }
  }

  async #writes(
    batches: Batcher,
    tables: readonly ScriptTable[],
    ordered: { inserts: OrderedRow[] } | undefined,
    perStatement: number,
  ): Promise<void> {
    const { dialect } = this.#options;
    const insert = (table: ScriptTable, rows: readonly ExactRow[]) =>
      batches.statement(
        dialect.insertRows(table.shape, table.columns, rows),
        table.identity ? table.shape : null,
      );
    if (ordered && ordered.inserts.length > 0) {
      await batches.note(
        `Inserts into ${tables.map((t) => t.name).join(', ')}, referred rows first`,
      );
      const rows = [...ordered.inserts].sort((x, y) => x.level - y.level);
      const same = (x: OrderedRow, y: OrderedRow) => x.table === y.table && x.level === y.level;
      for (const run of runs(rows, perStatement, same))
        await insert(
          (run[0] as OrderedRow).table,
          run.map((r) => r.row),
        );
    }
    for (const table of tables) {
      if (!ordered && table.inserted > 0) {
        await batches.note(`Inserts into ${table.name}: ${plural(table.inserted, 'row')}`);
        for await (const page of pages(
          this.#spool.read<ExactRow>(table.files.insert),
          perStatement,
        ))
          await insert(table, page);
      }
      if (table.updated > 0) {
        await batches.note(`Updates of ${table.name}: ${plural(table.updated, 'row')}`);
        const keyColumns = table.key.map((i) => table.columns[i] as ColumnShape);
        for await (const [key, changes] of this.#spool.read<UpdateRecord>(table.files.update))
          await batches.statement(
            dialect.updateRow(
              table.shape,
              keyColumns.map((column, i) => ({ column, value: key[i] ?? null })),
              changes.map(([at, value]) => ({ column: table.columns[at] as ColumnShape, value })),
            ),
          );
      }
    }
  }
}
