/** The two sides of a duplex Logger pair, as the Logger's own traces name them. */
export const TRACE_SIDES = ['A', 'B'] as const;

/** Side A or side B of the central controller. */
export type TraceSide = (typeof TRACE_SIDES)[number];

/** The peer of a side: the one a state transfer comes from or goes to. */
export const otherSide = (side: TraceSide): TraceSide => (side === 'A' ? 'B' : 'A');
