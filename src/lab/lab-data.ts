import type { Side, Value } from '../port/types.js';
import type { Drift } from './drift.js';
import { Prng } from './prng.js';

/** A generated row, by column name. */
export type LabRow = Readonly<Record<string, Value>>;

/** One table's generated rows, in foreign-key order with the others. */
export interface LabTable {
  readonly name: string;
  rows(): Iterable<LabRow>;
}

/** What the lab generates: the same seed and scale give the same rows on any machine. */
export interface LabOptions {
  readonly seed: number;
  /** 1 gives about 700 configuration and 3,500 historical rows; 1000 gives millions. */
  readonly scale: number;
  readonly drift: Drift;
}

/** Lab time starts here; every timestamp is a whole multiple of 10 ms so SQL Server datetime keeps it exactly. */
const EPOCH = Date.UTC(2026, 9, 1);
const SECOND = 1000;
const HALF_HOUR = 30 * 60 * SECOND;

/** First RecoveryKey of the configuration log and of historical rows: twelve digits, like a Logger's. */
const CONFIG_KEY_START = 309_974_000_000;
const HISTORY_KEY_START = 310_100_000_000;
/** The behind side's own log entries sit just above the shared ones; the ahead side's further up. */
const AHEAD_KEY_GAP = 5_000_000;

const BASE = {
  person: 100,
  skillGroup: 20,
  callType: 30,
  dialedNumber: 60,
  configLog: 400,
  routeCall: 1000,
  terminationCall: 1500,
} as const;

/** Half-hour intervals per skill group in Skill_Group_Interval: one day. */
const INTERVALS = 48;

const FIRST_NAMES = [
  'José',
  'Zoë',
  'Łukasz',
  'Søren',
  'Ngọc',
  '王芳',
  'Мария',
  'Anna',
  'John',
  "D'Arcy",
  'Ève',
  'Ahmed',
];
const LAST_NAMES = [
  'García',
  'Müller',
  'Nguyễn',
  '山田',
  'Ivanova',
  'Smith',
  "O'Brien",
  'Øvergård',
  'Kowalski',
  'Lee',
];
/** Descriptions stay inside code page 1252: they are varchar on SQL Server. */
const DESCRIPTIONS = [
  'Soporte técnico',
  'Kundendienst Zürich',
  'Billing – tier 2',
  'Service après-vente',
  'Sales "EMEA"',
  'Overflow; see change 4411',
  null,
  null,
];
const CONFIG_PARAMS = [
  '/LOGOUTNRDYTIME 0\t/AUTOANSWER',
  'C:\\Cisco\\CTIOS\\agent.ini',
  '/PRIORITY 1',
  null,
  null,
  null,
];
const TABLE_NAMES = [
  'Agent',
  'Person',
  'Skill_Group',
  'Skill_Group_Member',
  'Call_Type',
  'Dialed_Number',
];
const LOG_OPERATIONS = ['Add', 'Update', 'Delete'];

const CUSTOMERS = ['Acme', 'Globex', 'Initech', 'Umbrella'];
const PERIPHERALS = ['CUCM_PG_1A', 'CUCM_PG_2A', 'VRU_PG_1', 'VRU_PG_2', 'MR_PG_1', 'MR_PG_2'];
const DOMAINS = ['Cisco_Voice', 'Cisco_Chat', 'Cisco_Email', 'Cisco_Task'];

const at = (ms: number) => new Date(EPOCH + ms);
const digits = (rng: Prng, n: number) => Array.from({ length: n }, () => rng.int(0, 9)).join('');

function counts(scale: number) {
  const n = (base: number, min = 1) => Math.max(min, Math.round(base * scale));
  return {
    person: n(BASE.person),
    skillGroup: n(BASE.skillGroup, 3),
    callType: n(BASE.callType),
    dialedNumber: n(BASE.dialedNumber),
    configLog: n(BASE.configLog),
    routeCall: n(BASE.routeCall),
    terminationCall: n(BASE.terminationCall),
  };
}

/** Which configuration rows drift, chosen the same way on both sides. */
interface DriftPlan {
  readonly missing: ReadonlyMap<string, number>;
  readonly changed: ReadonlyMap<string, ReadonlySet<number>>;
}

const MISSING_FROM = ['Dialed_Number', 'Skill_Group_Member'];
const CHANGED_IN = ['Agent', 'Person', 'Skill_Group', 'Call_Type'];

function spread(total: number, tables: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i < total; i++) {
    const table = tables[i % tables.length] as string;
    out.set(table, (out.get(table) ?? 0) + 1);
  }
  return out;
}

function planDrift(drift: Drift, sizes: ReadonlyMap<string, number>): DriftPlan {
  const changed = new Map<string, Set<number>>();
  for (const [table, n] of spread(drift.changed, CHANGED_IN)) {
    const size = sizes.get(table) ?? 0;
    const count = Math.min(n, size);
    changed.set(
      table,
      new Set(Array.from({ length: count }, (_, j) => Math.floor(((j + 0.5) * size) / count))),
    );
  }
  return { missing: spread(drift.missing, MISSING_FROM), changed };
}

/** The behind side's version of a configuration table: rows missing from the end, some older, some extra. */
function behindRows(
  rows: readonly LabRow[],
  table: string,
  plan: DriftPlan,
  extra: readonly LabRow[],
): LabRow[] {
  const keep = rows.length - Math.min(plan.missing.get(table) ?? 0, rows.length);
  const changed = plan.changed.get(table) ?? new Set<number>();
  const out = rows.slice(0, keep).map((row, i) => {
    if (!changed.has(i)) return row;
    const stamp = Number(row.ChangeStamp ?? 1);
    return {
      ...row,
      Description: `was: ${String(row.Description ?? '')}`.slice(0, 255),
      ChangeStamp: Math.max(0, stamp - 1),
    };
  });
  return [...out, ...extra];
}

function generateConfig(seed: number, scale: number) {
  const n = counts(scale);
  const rng = (name: string) => Prng.for(seed, name);

  let r = rng('Customer_Definition');
  const customers = CUSTOMERS.map((name, i) => ({
    CustomerDefinitionID: 5000 + i,
    EnterpriseName: `Cust_${name}`,
    Description: r.pick(DESCRIPTIONS),
    ChangeStamp: r.int(1, 9),
    Deleted: 'N',
  }));

  r = rng('Peripheral');
  const peripherals = PERIPHERALS.map((name, i) => ({
    PeripheralID: 5000 + i,
    EnterpriseName: name,
    ClientType: r.pick([17, 23, 47]),
    ConfigParam: r.pick(CONFIG_PARAMS),
    Description: r.pick(DESCRIPTIONS),
    ChangeStamp: r.int(1, 30),
    Deleted: 'N',
  }));

  r = rng('Media_Routing_Domain');
  const domains = DOMAINS.map((name, i) => ({
    MRDomainID: 5000 + i,
    EnterpriseName: name,
    MediaClassID: 4 + i,
    Description: r.pick(DESCRIPTIONS),
    ChangeStamp: r.int(1, 9),
    Deleted: 'N',
  }));

  r = rng('Person');
  const persons = Array.from({ length: n.person }, (_, i) => ({
    PersonID: 5000 + i,
    FirstName: r.pick(FIRST_NAMES),
    LastName: r.pick(LAST_NAMES),
    LoginName: `agent${1000 + i}@corp.example`,
    Password: r.chance(0.9) ? r.bytes(32) : null,
    LoginEnabled: r.chance(0.95) ? 'Y' : 'N',
    Description: r.pick(DESCRIPTIONS),
    ChangeStamp: r.int(1, 50),
    Deleted: r.chance(0.05) ? 'Y' : 'N',
  }));

  r = rng('Agent');
  const agents = persons.map((person, i) => {
    const peripheral = peripherals[i % 2] as (typeof peripherals)[number];
    return {
      SkillTargetID: 10000 + i,
      PeripheralID: peripheral.PeripheralID,
      PersonID: person.PersonID,
      EnterpriseName: `${peripheral.EnterpriseName}.${1000 + i}`,
      PeripheralNumber: String(1000 + i),
      ConfigParam: r.pick(CONFIG_PARAMS),
      Description: r.pick(DESCRIPTIONS),
      AgentStateTrace: r.chance(0.1) ? 'Y' : 'N',
      ChangeStamp: r.int(1, 50),
      Deleted: person.Deleted,
    };
  });

  r = rng('Skill_Group');
  const skillGroups = Array.from({ length: n.skillGroup }, (_, i) => ({
    SkillTargetID: 20000 + i,
    PeripheralID: (peripherals[i % 2] as (typeof peripherals)[number]).PeripheralID,
    MRDomainID: (domains[i % domains.length] as (typeof domains)[number]).MRDomainID,
    EnterpriseName: `SG_${r.pick(['Sales', 'Support', 'Billing', 'Retention'])}_${i}`,
    PeripheralNumber: i,
    Priority: 0,
    AvailableHoldoffDelay: r.pick([-1, 0, 5]),
    ServiceLevelThreshold: r.chance(0.8) ? r.pick([20, 30, 60]) : null,
    ConfigParam: null,
    Description: r.pick(DESCRIPTIONS),
    ChangeStamp: r.int(1, 40),
    Deleted: 'N',
  }));

  r = rng('Skill_Group_Member');
  const members = agents.flatMap((agent, i) =>
    [0, 1, 2].map((k) => ({
      SkillGroupSkillTargetID: (
        skillGroups[(i * 7 + k) % skillGroups.length] as (typeof skillGroups)[number]
      ).SkillTargetID,
      AgentSkillTargetID: agent.SkillTargetID,
      ChangeStamp: r.int(1, 9),
    })),
  );

  r = rng('Call_Type');
  const callTypes = Array.from({ length: n.callType }, (_, i) => ({
    CallTypeID: 30000 + i,
    CustomerDefinitionID: r.chance(0.8) ? r.pick(customers).CustomerDefinitionID : null,
    EnterpriseName: `CT_${r.pick(['Main', 'Billing', 'Tech', 'VIP'])}_${i}`,
    ServiceLevelThreshold: r.chance(0.7) ? r.pick([20, 30]) : null,
    Description: r.pick(DESCRIPTIONS),
    ChangeStamp: r.int(1, 30),
    Deleted: 'N',
  }));

  const dialedNumber = (i: number, prefix: string, name: string, d: Prng) => ({
    DialedNumberID: 40000 + i,
    RoutingClientID: 1 + (i % 3),
    DialedNumberString: `${prefix}${String(i).padStart(6, '0')}`,
    EnterpriseName: `${name}_${i}`,
    CallTypeID: d.chance(0.9) ? d.pick(callTypes).CallTypeID : null,
    CustomerDefinitionID: d.chance(0.5) ? d.pick(customers).CustomerDefinitionID : null,
    Description: d.pick(DESCRIPTIONS),
    ChangeStamp: d.int(1, 20),
    Deleted: 'N',
  });
  r = rng('Dialed_Number');
  const dialedNumbers = Array.from({ length: n.dialedNumber }, (_, i) =>
    dialedNumber(i, '8005', 'DN', r),
  );
  /** Numbers the ahead side deleted after the behind side went down. */
  const retired = (count: number) => {
    const d = rng('Dialed_Number.retired');
    return Array.from({ length: count }, (_, j) =>
      dialedNumber(n.dialedNumber + j, '8006', 'DN_retired', d),
    );
  };

  return {
    tables: new Map<string, LabRow[]>([
      ['Customer_Definition', customers],
      ['Peripheral', peripherals],
      ['Media_Routing_Domain', domains],
      ['Person', persons],
      ['Agent', agents],
      ['Skill_Group', skillGroups],
      ['Skill_Group_Member', members],
      ['Call_Type', callTypes],
      ['Dialed_Number', dialedNumbers],
    ]),
    retired,
  };
}

/**
 * The update log: `shared` entries on both sides, then the behind side's `own` entries just above
 * them and the ahead side's `ahead` entries well above (clear of `reserved` own entries).
 */
function* configLog(
  seed: number,
  shared: number,
  ahead: number,
  own: number,
  reserved: number,
): Iterable<LabRow> {
  const r = Prng.for(seed, 'Config_Message_Log');
  let key = CONFIG_KEY_START;
  const entry = (k: number, i: number): LabRow => ({
    RecoveryKey: k,
    LogOperation: r.pick(LOG_OPERATIONS),
    TableName: r.pick(TABLE_NAMES),
    DateTime: at(i * 90 * SECOND),
    ConfigMessage: r.bytes(r.int(16, 512)),
  });
  for (let i = 0; i < shared; i++) {
    key += r.int(1_000, 2_500_000);
    yield entry(key, i);
  }
  const last = key;
  for (let j = 0; j < own; j++) yield entry(last + 1 + j, shared + j);
  key = last + AHEAD_KEY_GAP + reserved;
  for (let j = 0; j < ahead; j++) {
    key += r.int(1_000, 2_500_000);
    yield entry(key, shared + own + j);
  }
}

function* routeCallDetail(seed: number, rows: number): Iterable<LabRow> {
  const r = Prng.for(seed, 'Route_Call_Detail');
  let key = HISTORY_KEY_START;
  for (let i = 0; i < rows; i++) {
    key += r.int(1, 40);
    const time = i * 3 * SECOND;
    yield {
      RecoveryKey: key,
      RouterCallKeyDay: 155_000 + Math.floor(time / (24 * 3600 * SECOND)),
      RouterCallKey: 100_000 + i,
      DateTime: at(time),
      DbDateTime: at(time + r.int(1, 300) * 10),
      RoutingClientID: 1 + (i % 3),
      DialedNumberID: r.chance(0.95) ? 40000 + r.int(0, 59) : null,
      DialedNumberString: r.chance(0.95) ? `8005${digits(r, 6)}` : null,
      CallTypeID: r.chance(0.9) ? 30000 + r.int(0, 29) : null,
      ANI: r.chance(0.8) ? `+1${digits(r, 10)}` : null,
      CED: r.chance(0.2) ? digits(r, 4) : null,
      RouterErrorCode: r.chance(0.97) ? 0 : r.pick([448, 449]),
      Variable1: r.chance(0.3) ? `acct=${digits(r, 8)}` : null,
    };
  }
}

function* terminationCallDetail(seed: number, rows: number): Iterable<LabRow> {
  const r = Prng.for(seed, 'Termination_Call_Detail');
  let key = HISTORY_KEY_START + 50_000_000;
  for (let i = 0; i < rows; i++) {
    key += r.int(1, 40);
    const time = i * 2 * SECOND;
    const routed = r.chance(0.85);
    yield {
      RecoveryKey: key,
      DateTime: at(time),
      DbDateTime: at(time + r.int(1, 300) * 10),
      PeripheralID: 5000 + (i % 2),
      RouterCallKeyDay: routed ? 155_000 + Math.floor(time / (24 * 3600 * SECOND)) : null,
      RouterCallKey: routed ? 100_000 + Math.floor(i / 2) : null,
      RouterCallKeySequenceNumber: routed ? i % 3 : null,
      AgentSkillTargetID: r.chance(0.8) ? 10000 + r.int(0, 99) : null,
      SkillGroupSkillTargetID: r.chance(0.8) ? 20000 + r.int(0, 19) : null,
      CallTypeID: r.chance(0.9) ? 30000 + r.int(0, 29) : null,
      PeripheralCallType: r.pick([1, 2, 4, 13]),
      CallDisposition: r.pick([13, 13, 13, 6, 7, 28]),
      Duration: r.int(5, 1800),
      TalkTime: r.chance(0.9) ? r.int(0, 1500) : null,
      HoldTime: r.chance(0.9) ? r.int(0, 300) : null,
      ANI: r.chance(0.8) ? `+1${digits(r, 10)}` : null,
    };
  }
}

function* skillGroupInterval(seed: number, groups: number, rows: number): Iterable<LabRow> {
  const r = Prng.for(seed, 'Skill_Group_Interval');
  let key = HISTORY_KEY_START + 90_000_000;
  for (let i = 0; i < rows; i++) {
    key += r.int(1, 40);
    const interval = Math.floor(i / groups);
    const handled = r.int(0, 40);
    yield {
      DateTime: at(interval * HALF_HOUR),
      SkillTargetID: 20000 + (i % groups),
      TimeZone: -300,
      RecoveryKey: key,
      DbDateTime: at(interval * HALF_HOUR + r.int(5, 90) * SECOND),
      CallsHandled: handled,
      HandleTime: handled * r.int(60, 400),
      AvailTime: r.int(0, 1800),
      LoggedOnTime: r.chance(0.95) ? 1800 : null,
      ServiceLevel: handled === 0 ? null : r.int(0, handled) / handled,
    };
  }
}

function* loggerAdmin(seed: number, side: Side): Iterable<LabRow> {
  // Each Logger purges on its own schedule: the rows differ by side, as on a real pair.
  const r = Prng.for(seed, `Logger_Admin.${side}`);
  for (let i = 0; i < 20; i++) {
    const start = i * 24 * 3600 * SECOND + 46 * 60 * SECOND + r.int(0, 59) * SECOND;
    yield {
      RecoveryKey: HISTORY_KEY_START - 1_000_000 + i * 100 + (side === 'A' ? 0 : 50),
      DateTime: at(start),
      ScheduledAt: at(start - (start % (3600 * SECOND))),
      StartTime: at(start),
      EndTime: at(start + r.int(1, 120) * SECOND),
      FunctionName: i % 5 === 4 ? 'Update Statistics' : 'Purge',
      TableName: r.pick(['Termination_Call_Detail', 'Route_Call_Detail', 'Skill_Group_Interval']),
      FromRecoveryKey: null,
      ToRecoveryKey: null,
      Retain: 14,
      RowsPurged: r.int(0, 50_000),
    };
  }
}

const listed = (name: string, rows: readonly LabRow[]): LabTable => ({ name, rows: () => rows });
const streamed = (name: string, rows: () => Iterable<LabRow>): LabTable => ({ name, rows });

/**
 * The lab's rows for one side, table by table in foreign-key order. Both sides share every row
 * except those the drift moves, so an undrifted pair is identical.
 */
export function labTables(side: Side, options: LabOptions): LabTable[] {
  const { seed, scale, drift } = options;
  const n = counts(scale);
  const behind = side === drift.behind;
  const config = generateConfig(seed, scale);
  const sizes = new Map([...config.tables].map(([name, rows]) => [name, rows.length]));
  const plan = planDrift(drift, sizes);
  const schema = behind && drift.behindSchema ? drift.behindSchema : { major: 77, minor: 4 };
  const historyRows = (base: number) => base + (behind ? 0 : drift.historyAhead);

  const configTables = [...config.tables].map(([name, rows]) => {
    if (!behind) return listed(name, rows);
    const extra = name === 'Dialed_Number' ? config.retired(drift.extra) : [];
    return listed(name, behindRows(rows, name, plan, extra));
  });
  return [
    listed('Version', [
      { Major: 76, Minor: 2, DateTime: at(-600 * 24 * 3600 * SECOND), Description: 'UCCE 12.6(1)' },
      {
        Major: schema.major,
        Minor: schema.minor,
        DateTime: at(-90 * 24 * 3600 * SECOND),
        Description: 'UCCE 15.0(1)',
      },
    ]),
    ...configTables,
    streamed('Config_Message_Log', () =>
      configLog(
        seed,
        n.configLog,
        behind ? 0 : drift.logAhead,
        behind ? drift.diverge : 0,
        drift.diverge,
      ),
    ),
    streamed('Logger_Admin', () => loggerAdmin(seed, side)),
    streamed('Route_Call_Detail', () => routeCallDetail(seed, historyRows(n.routeCall))),
    streamed('Termination_Call_Detail', () =>
      terminationCallDetail(seed, historyRows(n.terminationCall)),
    ),
    streamed('Skill_Group_Interval', () =>
      skillGroupInterval(seed, n.skillGroup, historyRows(n.skillGroup * INTERVALS)),
    ),
  ];
}
